import { join } from 'node:path';
import { StoredCheckpoint } from './checkpoint-store.port';
import { readFileIfThere, writeFileAtomicallyInBackground } from './signer-folder';

export const SIGNED_HEAD_FILE = 'signed-head.json';
const FORMAT = 'plan-audit signed head v1';

/**
 * The last head this server signed, kept in the signer folder beside the key, outside the data
 * folder: its tree size, root and signature, and the Merkle frontier and last event to carry on
 * from. The server never signs a tree that does not extend it, so deleting the checkpoints in the
 * data folder does not let a rewritten log be signed as if it were the first.
 */
export class SignedHeadFile {
  readonly file: string;

  constructor(signerFolder: string) {
    this.file = join(signerFolder, SIGNED_HEAD_FILE);
  }

  read(): StoredCheckpoint | undefined {
    const text = readFileIfThere(this.file);
    if (text === undefined) return undefined;
    const parsed = JSON.parse(text) as { format?: string; head?: StoredCheckpoint };
    if (parsed.format !== FORMAT || !parsed.head || !Number.isSafeInteger(parsed.head.treeSize)) {
      throw new Error(`${this.file} is not a signed head this server wrote (format "${parsed.format}"); refusing to guess where the log was`);
    }
    return parsed.head;
  }

  /** Written atomically (temp file, fsync, rename): a crash leaves the old head or the new one. */
  write(head: StoredCheckpoint): Promise<void> {
    return writeFileAtomicallyInBackground(this.file, `${JSON.stringify({ format: FORMAT, head }, null, 1)}\n`);
  }
}
