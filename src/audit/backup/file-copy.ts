import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HashedFile {
  sha256: string;
  bytes: number;
}

/** SHA-256 and size of a file, read as a stream (evidence files may be large). */
export async function hashFile(path: string): Promise<HashedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Copy a file, hashing the bytes as they are written, and flush the copy to disk.
 * The hash is of what was written, not of what was meant to be: a reader that
 * changed under us shows as a wrong hash, never as a silently different copy.
 * It never replaces a file already there (`wx`).
 */
export async function copyHashing(from: string, to: string, mode = 0o640): Promise<HashedFile> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let bytes = 0;
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), tee, createWriteStream(to, { flags: 'wx', mode }));
  await flush(to);
  return { sha256: hash.digest('hex'), bytes };
}

/** fsync a file (or a folder), so a backup said to be finished is on the disk. */
export async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
