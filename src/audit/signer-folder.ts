import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The signer folder: the checkpoint signing key and the last head the server signed, kept OUTSIDE
 * the data folder. Whoever can write the data folder (a database administrator, a restored backup,
 * a compromised disk) can rewrite the log and delete the checkpoints beside it; they must not also
 * hold the key that re-signs the rewrite, nor the record of what was signed before (issue 21).
 *
 * SIGNER_DIR names it; by default it is a folder beside the data folder, `<data folder>-signer`
 * (`./data` → `./data-signer`), made owner-only (0700).
 */
export function signerFolderOf(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGNER_DIR) return resolve(env.SIGNER_DIR);
  const data = resolve(dataDir);
  return join(dirname(data), `${basename(data)}-signer`);
}

/** Make the folder (owner only) if it is not there yet. */
export function prepareSignerFolder(folder: string): void {
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
}

/**
 * Replace a file so that a crash leaves either the old contents or the new, never half of each:
 * write a temporary file beside it, fsync it, rename it over the old one, and fsync the folder
 * so the rename itself survives a power cut.
 */
export function writeFileAtomically(file: string, contents: string, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', mode);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  try {
    const folder = openSync(dirname(file), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Some filesystems refuse to fsync a folder; the file itself is durable.
  }
}

/**
 * The same without holding up the event loop: the fsyncs run on libuv's threads, so requests are
 * answered while the head is made durable (on a busy disk an fsync takes milliseconds, and the
 * signer writes a few times a second).
 */
export async function writeFileAtomicallyInBackground(file: string, contents: string, mode = 0o600): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  try {
    const folder = await open(dirname(file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some filesystems refuse to fsync a folder; the file itself is durable.
  }
}

export function readFileIfThere(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
