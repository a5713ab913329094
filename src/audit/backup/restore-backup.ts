import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { RuleBroken } from '../../domain/errors';
import { KEYS_FOLDER } from '../signing-key';
import { AUTH_ENTRY, BackupFile, BackupManifest, BackupRefused, EVENTS_ENTRY, isEvidenceEntry, MANIFEST_FILE, parseManifest } from './backup-manifest';
import { copyHashing, hashFile } from './file-copy';
import { BackupProgress, DataFolderFiles, readCopiedLog } from './take-backup';

/** The lock the restoring process itself holds in the target folder (src/data-folder-lock.ts). */
const OWN_LOCK_FILES = /^server\.lock(\.json|-journal)?$/;
/** A manifest larger than this is not one a backup wrote. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

export interface RestoredBackup {
  manifest: BackupManifest;
  manifestSha256: string;
  files: number;
  bytes: number;
}

/**
 * Bring a backup back into an empty data folder. A restore writes a whole folder from
 * files someone hands over, so it checks before it writes and writes nothing it has not
 * checked:
 * - the manifest names only files a backup holds (no path can reach outside the folder),
 *   and, when the operator kept its SHA-256 apart, it is that manifest;
 * - every file is a plain file (no link) whose size and SHA-256 are the manifest's, all of
 *   them checked before the first byte is copied, and each copy hashed again as written;
 * - the restored log's head is the one the manifest recorded.
 * On any failure after copying began, what was copied is removed: the folder is left empty.
 * Rebuilding the read models and verifying the log are the caller's next steps.
 */
export async function restoreBackup(from: string, target: DataFolderFiles, expectedManifestSha256?: string, progress: BackupProgress = () => undefined): Promise<RestoredBackup> {
  const manifestPath = join(from, MANIFEST_FILE);
  if (!isPlainFile(manifestPath)) throw new BackupRefused(from, [`there is no ${MANIFEST_FILE} (a backup without one was never finished)`]);
  if (lstatSync(manifestPath).size > MANIFEST_MAX_BYTES) throw new BackupRefused(from, [`${MANIFEST_FILE} is larger than any backup writes`]);
  const text = readFileSync(manifestPath);
  const manifestSha256 = createHash('sha256').update(text).digest('hex');
  if (expectedManifestSha256 !== undefined && manifestSha256 !== expectedManifestSha256.trim().toLowerCase()) {
    throw new BackupRefused(from, [`${MANIFEST_FILE} has SHA-256 ${manifestSha256}, not the ${expectedManifestSha256} you gave: this is not the backup whose manifest you recorded`]);
  }
  const manifest = parseManifest(from, text.toString('utf8'));
  refuseUnlessEmpty(target);
  const madeHere = [join(target.dataDir, KEYS_FOLDER), target.evidenceDir].filter((folder) => !exists(folder));

  const problems: string[] = [];
  for (const [i, file] of manifest.files.entries()) {
    const path = join(from, file.path);
    if (!isPlainFile(path)) problems.push(`${file.path} is missing from the backup (or is not a plain file)`);
    else {
      const found = await hashFile(path);
      if (found.sha256 !== file.sha256 || found.bytes !== file.bytes) problems.push(`${file.path} has been changed or damaged since the backup: its SHA-256 is ${found.sha256} (${found.bytes} bytes), the manifest says ${file.sha256} (${file.bytes} bytes)`);
    }
    progress('checking the backup', i + 1, manifest.files.length);
  }
  if (problems.length > 0) throw new BackupRefused(from, problems);

  const written: string[] = [];
  try {
    for (const [i, file] of manifest.files.entries()) {
      const to = destination(target, file);
      written.push(to);
      const copy = await copyHashing(join(from, file.path), to, file.path.startsWith(`${KEYS_FOLDER}/`) && file.path.endsWith('.key') ? 0o600 : 0o640);
      if (copy.sha256 !== file.sha256) throw new BackupRefused(from, [`${file.path} changed while it was being restored`]);
      progress('restoring files', i + 1, manifest.files.length);
    }
    const { head } = await readCopiedLog(target.eventsFile);
    const said = manifest.log;
    if (head.position !== said.position || head.eventId !== said.eventId || head.hash !== said.hash || head.events !== said.events) {
      throw new BackupRefused(from, [`the log in ${EVENTS_ENTRY} ends at position ${head.position} (event ${head.eventId}), but ${MANIFEST_FILE} says ${said.position} (event ${said.eventId})`]);
    }
  } catch (error) {
    // The folder was empty when we began: take back everything this restore wrote.
    for (const path of written) await rm(path, { force: true });
    for (const folder of madeHere) await rm(folder, { recursive: true, force: true });
    if (error instanceof BackupRefused) throw new BackupRefused(from, [...error.problems, 'the files already copied were removed']);
    throw error;
  }
  return { manifest, manifestSha256, files: manifest.files.length, bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0) };
}

/** Where a backed-up file goes in the target folder (the manifest's paths were checked by parseManifest). */
function destination(target: DataFolderFiles, file: BackupFile): string {
  if (file.path === EVENTS_ENTRY) return target.eventsFile;
  if (file.path === AUTH_ENTRY) return target.authFile;
  if (isEvidenceEntry(file.path)) return join(target.evidenceDir, ...file.path.split('/').slice(1));
  return join(target.dataDir, ...file.path.split('/'));
}

/** A restore never mixes a backup with what is already there: the folder must hold nothing but our own lock. */
function refuseUnlessEmpty(target: DataFolderFiles): void {
  const inTheWay: string[] = [];
  for (const file of [target.eventsFile, target.authFile, target.readModelsFile]) if (exists(file)) inTheWay.push(file);
  for (const folder of [target.dataDir, target.evidenceDir]) {
    if (!exists(folder)) continue;
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (!(folder === target.dataDir && OWN_LOCK_FILES.test(name)) && !inTheWay.includes(path) && path !== target.evidenceDir) inTheWay.push(path);
    }
  }
  if (inTheWay.length > 0) {
    throw new RuleBroken(
      'restore-into-an-empty-folder',
      `A backup is restored only into an empty data folder, and ${inTheWay.slice(0, 5).join(', ')}${inTheWay.length > 5 ? ` and ${inTheWay.length - 5} more` : ''} already exist there: nothing was restored. Restore into a new folder (set DATA_DIR), or move the old one aside first.`,
    );
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
