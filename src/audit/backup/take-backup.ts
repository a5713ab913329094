import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { signerFolderOf } from '../signer-folder';
import { KEYS_FOLDER, keyIdOf, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, TRUSTED_KEYS_FOLDER } from '../signing-key';
import { SqliteCheckpointStore } from '../sqlite-checkpoint-store';
import {
  AUTH_ENTRY,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupFile,
  BackupManifest,
  EVENTS_ENTRY,
  evidenceEntry,
  LogHead,
  MANIFEST_FILE,
  PRIVATE_KEY_ENTRY,
  PUBLIC_KEY_ENTRY,
} from './backup-manifest';
import { copyHashing, flush, hashFile } from './file-copy';
import { snapshotSqlite } from './sqlite-snapshot';

/** Where the files of one data folder are: AppConfig's fields, so EVENTS_FILE and friends are honoured. */
export interface DataFolderFiles {
  dataDir: string;
  eventsFile: string;
  authFile: string;
  readModelsFile: string;
  evidenceDir: string;
  /** The signer folder (outside the data folder) holding the signing key; default `<dataDir>-signer`. */
  signerDir?: string;
}

export type BackupProgress = (step: string, done: number, total: number) => void;

export interface BackupSummary {
  manifest: BackupManifest;
  /** SHA-256 of manifest.json: kept apart from the backup, it proves the backup was not replaced whole. */
  manifestSha256: string;
  evidenceFiles: number;
  bytes: number;
}

/**
 * Take a consistent backup of a data folder into the empty folder `out`, while the
 * server runs and writes. Read only: it takes no lock and changes nothing in the source.
 *
 * The order matters. The log is copied first, from one SQLite snapshot: that fixes the
 * position the backup stands for. Then the auth file (users, tokens, the access log), the
 * signing keys (without the private key, restored checkpoints could not be extended by the
 * same key), and last the evidence files the copied log still uses, each checked against
 * its SHA-256 name. An evidence file can only be added to the folder before the event that
 * names it is committed, so every item in the copied log finds its file; a file uploaded
 * after the snapshot is simply not needed. The manifest is written last: a folder without
 * one is an unfinished backup.
 *
 * The read models are not copied: they are a fold of the log, rebuilt on restore.
 */
export async function takeBackup(source: DataFolderFiles, out: string, progress: BackupProgress = () => undefined): Promise<BackupSummary> {
  const startedAt = new Date().toISOString();
  if (!existsSync(source.eventsFile)) throw new Error(`There is no event log at ${source.eventsFile}: nothing to back up. Is DATA_DIR (or EVENTS_FILE) set to the data folder?`);
  await mkdir(out, { recursive: true, mode: 0o700 });
  await chmod(out, 0o700);
  const files: BackupFile[] = [];

  let logCopiedAt = '';
  await snapshotSqlite(source.eventsFile, join(out, EVENTS_ENTRY), () => (logCopiedAt = new Date().toISOString()), (done, total) => progress('event log (pages)', done, total));
  files.push({ path: EVENTS_ENTRY, ...(await hashFile(join(out, EVENTS_ENTRY))) });
  const { head, checkpoints, evidenceInUse } = await readCopiedLog(join(out, EVENTS_ENTRY), progress);

  if (existsSync(source.authFile)) {
    await snapshotSqlite(source.authFile, join(out, AUTH_ENTRY), () => undefined, (done, total) => progress('users and access log (pages)', done, total));
    files.push({ path: AUTH_ENTRY, ...(await hashFile(join(out, AUTH_ENTRY))) });
  }

  // The key lives in the signer folder; a folder an earlier version ran on may still hold it under keys/.
  const signer = source.signerDir ?? signerFolderOf(source.dataDir);
  const keys = existsSync(join(signer, PRIVATE_KEY_FILE)) ? signer : join(source.dataDir, KEYS_FOLDER);
  const privateKey = join(keys, PRIVATE_KEY_FILE);
  if (!existsSync(privateKey)) throw new Error(`There is no checkpoint signing key at ${join(signer, PRIVATE_KEY_FILE)}: start the server once on this folder before backing it up`);
  files.push({ path: PRIVATE_KEY_ENTRY, ...(await copyHashing(privateKey, join(out, PRIVATE_KEY_ENTRY), 0o600)) });
  if (existsSync(join(keys, PUBLIC_KEY_FILE))) files.push({ path: PUBLIC_KEY_ENTRY, ...(await copyHashing(join(keys, PUBLIC_KEY_FILE), join(out, PUBLIC_KEY_ENTRY), 0o644)) });
  const trusted = join(keys, TRUSTED_KEYS_FOLDER);
  for (const name of existsSync(trusted) ? readdirSync(trusted).filter((n) => /^[0-9a-f]{64}\.pub$/.test(n)) : []) {
    const path = `${KEYS_FOLDER}/${TRUSTED_KEYS_FOLDER}/${name}`;
    files.push({ path, ...(await copyHashing(join(trusted, name), join(out, path), 0o644)) });
  }
  const signingKeyId = keyIdOf(createPublicKey(readFileSync(privateKey)));

  const missingEvidence: string[] = [];
  let copied = 0;
  const wanted = [...evidenceInUse].sort();
  for (const sha256 of wanted) {
    const path = evidenceEntry(sha256);
    const from = join(source.evidenceDir, sha256.slice(0, 2), sha256);
    if (!isFile(from)) {
      missingEvidence.push(sha256);
    } else {
      const file = await copyHashing(from, join(out, path));
      if (file.sha256 !== sha256) {
        throw new Error(`The evidence file ${from} is damaged: its bytes hash to ${file.sha256}, not to its name. The backup was not finished; restore that file from an earlier backup, then back up again`);
      }
      files.push({ path, ...file });
      copied++;
    }
    progress('evidence files', copied + missingEvidence.length, wanted.length);
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    startedAt,
    logCopiedAt,
    finishedAt: new Date().toISOString(),
    log: { ...head, checkpoints: checkpoints.length, newestCheckpoint: newest(checkpoints), signingKeyId },
    missingEvidence,
    notIncluded: ['read-models.sqlite: the read models are a fold of the log; restore-backup rebuilds them', 'server.lock: the lock belongs to the running server'],
    files,
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(out, `${MANIFEST_FILE}.part`), text, { mode: 0o600, flag: 'wx' });
  await flush(join(out, `${MANIFEST_FILE}.part`));
  await rename(join(out, `${MANIFEST_FILE}.part`), join(out, MANIFEST_FILE));
  await flush(out);
  return {
    manifest,
    manifestSha256: createHash('sha256').update(text).digest('hex'),
    evidenceFiles: copied,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

/**
 * Read the copied log, not the live one: its head is the backup's position, and the
 * evidence files to copy are the ones its items still use (submitted, not erased).
 */
export async function readCopiedLog(file: string, progress: BackupProgress = () => undefined) {
  const store = new SqliteEventStore({ filename: file, readonly: true });
  try {
    const total = await store.headPosition();
    const inUse = new Map<string, string>();
    let head: LogHead = { events: 0, position: 0, eventId: null, hash: null, recordedAt: null };
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: 5000 });
      if (page.length === 0) break;
      for (const event of page) {
        const data = event.data as { evidenceId?: string; fileHash?: string };
        const item = `${event.streamId} ${data.evidenceId}`;
        if (event.type === 'EvidenceSubmitted' && typeof data.fileHash === 'string') inUse.set(item, data.fileHash);
        if (event.type === 'EvidenceRedacted') inUse.delete(item);
      }
      const last = page[page.length - 1];
      head = { events: head.events + page.length, position: last.globalPosition, eventId: last.eventId, hash: last.hash, recordedAt: last.metadata.recordedAt };
      after = last.globalPosition;
      progress('reading the copied log', after, total);
    }
    const checkpoints = await new SqliteCheckpointStore(store.connection).list();
    return { head, checkpoints, evidenceInUse: new Set(inUse.values()) };
  } finally {
    await store.close();
  }
}

function newest(checkpoints: { treeSize: number; rootHash: string; takenAt: string }[]) {
  const last = checkpoints[checkpoints.length - 1];
  return last ? { treeSize: last.treeSize, rootHash: last.rootHash, takenAt: last.takenAt } : null;
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
