import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { access, FileHandle, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { EvidenceFileAltered } from './evidence-file-altered.error';
import { HashLocks } from './hash-locks';

export const EVIDENCE_FILES = Symbol('EvidenceFiles');

export interface StoredFile {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored (content addressing makes uploads idempotent). */
  created: boolean;
}

/** What re-hashing a stored file found. */
export type FileCheck = { state: 'intact'; size: number } | { state: 'missing' } | { state: 'altered'; actualSha256: string; size: number };

/** A file checked against its name, ready to send: small ones as bytes, large ones as a stream that checks them again on the way. */
export type CheckedFile = { size: number; bytes: Buffer; stream?: undefined } | { size: number; bytes?: undefined; stream: Readable };

/**
 * Up to this size a download is read into memory once, hashed and sent (today's
 * 10 MiB upload limit is below it); above it the file is hashed as a stream, then
 * streamed out of the same open file, so no more than a chunk of it is ever in memory.
 */
export const WHOLE_IN_MEMORY_BYTES = 16 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;
/** A temporary file this old is left by a crash, not by an upload still being written. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Evidence files, outside the event log, in a content-addressed folder: a file's
 * name is the SHA-256 of its bytes, so the hash in the event proves which file it was.
 * Items with the same bytes share one file; who still uses a file is the log's to say
 * (the command side asks it before erasing), and `hold` keeps this process's uploads
 * and erasures of one hash apart while it does.
 */
export class EvidenceFiles {
  private readonly locks = new HashLocks();

  constructor(private readonly root: string) {
    this.sweepLeftovers(STALE_AFTER_MS);
  }

  /** Runs `work` while no other upload or erasure of this hash runs in this process. */
  hold<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    return this.locks.hold(sha256, work);
  }

  static hashOf(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /**
   * Stores the bytes under their hash. A file already there is read and checked, and
   * replaced only if its bytes are not the hash's (damaged), never simply trusted or
   * overwritten. A new file is written aside, flushed to disk and renamed into place,
   * so a crash leaves at worst a `.part` file, never a partial file under a hash.
   */
  async put(bytes: Buffer): Promise<StoredFile> {
    const sha256 = EvidenceFiles.hashOf(bytes);
    const path = this.pathOf(sha256);
    const existing = await readFile(path).catch(() => undefined);
    if (existing && EvidenceFiles.hashOf(existing) === sha256) return { sha256, size: bytes.length, created: false };
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncFolder(folder);
    return { sha256, size: bytes.length, created: true };
  }

  async has(sha256: string): Promise<boolean> {
    return SHA256.test(sha256) && (await access(this.pathOf(sha256)).then(() => true, () => false));
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    try {
      return await readFile(this.pathOf(sha256));
    } catch {
      return undefined;
    }
  }

  /** Re-hash the stored file as a stream (it may be large): is it still the bytes its name says? */
  async check(sha256: string): Promise<FileCheck> {
    if (!SHA256.test(sha256)) return { state: 'missing' };
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch {
      return { state: 'missing' };
    }
    try {
      const { sha256: actual, size } = await hashOfStream(handle.createReadStream({ start: 0, autoClose: false }));
      return actual === sha256 ? { state: 'intact', size } : { state: 'altered', actualSha256: actual, size };
    } finally {
      await handle.close();
    }
  }

  /**
   * The file for a download, its bytes checked against its name before anything is
   * sent: undefined when there is none, EvidenceFileAltered when they no longer match.
   * One open file throughout, so a file swapped in by rename after the check is not
   * what is sent; bytes changed in place while a large file streams out fail the
   * stream's own check at its end, and the download is cut off rather than completed.
   */
  async openChecked(sha256: string, wholeUpTo = WHOLE_IN_MEMORY_BYTES): Promise<CheckedFile | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch {
      return undefined;
    }
    let streaming = false;
    try {
      const { size } = await handle.stat();
      if (size <= wholeUpTo) {
        const bytes = await handle.readFile();
        const actual = EvidenceFiles.hashOf(bytes);
        if (actual !== sha256) throw new EvidenceFileAltered(sha256, actual);
        return { size: bytes.length, bytes };
      }
      const first = await hashOfStream(handle.createReadStream({ start: 0, autoClose: false }));
      if (first.sha256 !== sha256) throw new EvidenceFileAltered(sha256, first.sha256);
      streaming = true;
      const checked = checkedOnTheWay(sha256, first.size);
      // A read error reaches the checked stream (pipeline destroys it with the error), so the download fails, never ends short.
      pipeline(handle.createReadStream({ start: 0, autoClose: true }), checked, () => undefined);
      return { size: first.size, stream: checked };
    } finally {
      if (!streaming) await handle.close();
    }
  }

  async remove(sha256: string): Promise<void> {
    if (SHA256.test(sha256)) await rm(this.pathOf(sha256), { force: true });
  }

  /**
   * Moves the file out of reach before it is deleted, so the caller can look at the log
   * once more and put it back if another process has since given it a user. Returns
   * the name it was moved to, or undefined when there was no file.
   */
  async setAside(sha256: string): Promise<string | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    const aside = `${this.pathOf(sha256)}.${randomBytes(6).toString('hex')}.erasing`;
    try {
      await rename(this.pathOf(sha256), aside);
      return aside;
    } catch {
      return undefined;
    }
  }

  async putBack(sha256: string, aside: string): Promise<void> {
    await rename(aside, this.pathOf(sha256));
  }

  async discard(aside: string): Promise<void> {
    await rm(aside, { force: true });
  }

  /** Temporary files left by a crash (`.part` uploads, `.erasing` files set aside) are never served; old ones are removed. */
  sweepLeftovers(olderThanMs: number): number {
    let removed = 0;
    let folders: string[];
    try {
      folders = readdirSync(this.root).filter((name) => /^[0-9a-f]{2}$/.test(name));
    } catch {
      return 0;
    }
    const cutoff = Date.now() - olderThanMs;
    for (const folder of folders) {
      for (const name of readdirSync(join(this.root, folder))) {
        if (!/\.(part|erasing)$/.test(name)) continue;
        const path = join(this.root, folder, name);
        try {
          if (statSync(path).mtimeMs > cutoff) continue;
          rmSync(path, { force: true });
          removed += 1;
        } catch {
          // Renamed or removed meanwhile by the process that wrote it: nothing left to sweep.
        }
      }
    }
    return removed;
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}

async function hashOfStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Passes the bytes on, hashing them; at the end, a different hash or length fails the stream, so the download never completes. */
function checkedOnTheWay(sha256: string, size: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      done(actual === sha256 && seen === size ? null : new EvidenceFileAltered(sha256, actual));
    },
  });
}

/** A rename is durable only once its folder is flushed; some platforms cannot open a folder, and lose nothing else by it. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows: folders cannot be opened for fsync; the rename is still atomic.
  }
}
