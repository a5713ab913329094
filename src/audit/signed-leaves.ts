import { existsSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export const SIGNED_LEAVES_FILE = 'signed-leaves.bin';
const HASH_BYTES = 32;

/**
 * The hash of every event under the last signed head, in log order, 32 bytes each, in the signer
 * folder. A root says only that something changed; these say what: verify compares each event's
 * hash with the one that was signed and names the first that differs, even when the tamperer
 * re-hashed it and recomputed its stream's chain (nothing left inside the data folder gives it away).
 * Append-only, fsynced before the head that covers them is written.
 */
export class SignedLeavesFile {
  readonly file: string;

  constructor(signerFolder: string) {
    this.file = join(signerFolder, SIGNED_LEAVES_FILE);
  }

  /** How many events' hashes it holds. */
  count(): number {
    return existsSync(this.file) ? Math.floor(statSync(this.file).size / HASH_BYTES) : 0;
  }

  /**
   * Record the hashes of the events at `from`, `from + 1`, … A file that holds more (a head not written
   * after its leaves, in a crash) is cut back to `from` first; one that holds fewer (a head adopted from
   * an earlier version, whose events were not recorded here) is left as it is: returns false.
   */
  async append(from: number, hashesHex: string[]): Promise<boolean> {
    const have = this.count();
    if (have < from) return false;
    // Off the event loop: the fsync runs on libuv's threads while requests are answered.
    const handle = await open(this.file, existsSync(this.file) ? 'r+' : 'w', 0o600);
    try {
      if (have > from) await handle.truncate(from * HASH_BYTES);
      const bytes = Buffer.from(hashesHex.join(''), 'hex');
      await handle.write(bytes, 0, bytes.length, from * HASH_BYTES);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  }

  /** The signed hash of the event at `index` (0-based), hex, or undefined if not recorded. */
  all(): Buffer {
    return existsSync(this.file) ? readFileSync(this.file) : Buffer.alloc(0);
  }
}

export function hashAt(leaves: Buffer, index: number): string | undefined {
  return (index + 1) * HASH_BYTES <= leaves.length ? leaves.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES).toString('hex') : undefined;
}
