/**
 * What a backup folder holds, written last as `manifest.json`: every file with its
 * size and SHA-256, and the log's head at the moment the log was copied. A folder
 * without a manifest is an unfinished backup. Restore trusts nothing here it has not
 * checked: each path must be one a backup writes (so no entry can point outside the
 * data folder), and each file's bytes must hash to what the manifest says.
 */
export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'plan-audit-backup';
export const BACKUP_VERSION = 1;

/** The paths a backup may hold, relative to the backup folder, with `/` between folders. */
export const EVENTS_ENTRY = 'events.sqlite';
export const AUTH_ENTRY = 'auth.sqlite';
export const PRIVATE_KEY_ENTRY = 'keys/checkpoint-signing.key';
export const PUBLIC_KEY_ENTRY = 'keys/checkpoint-signing.pub';
const TRUSTED_KEY_ENTRY = /^keys\/trusted\/[0-9a-f]{64}\.pub$/;
const EVIDENCE_ENTRY = /^evidence\/([0-9a-f]{2})\/(\1[0-9a-f]{62})$/;
const SHA256 = /^[0-9a-f]{64}$/;

export interface BackupFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** The last event in the backed-up log: the position the backup stands for. */
export interface LogHead {
  events: number;
  position: number;
  eventId: string | null;
  hash: string | null;
  recordedAt: string | null;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When the backup began, and when the log's snapshot was taken (everything acknowledged before then is in it). */
  startedAt: string;
  logCopiedAt: string;
  finishedAt: string;
  log: LogHead & { checkpoints: number; newestCheckpoint: { treeSize: number; rootHash: string; takenAt: string } | null; signingKeyId: string };
  /** Evidence files the backed-up log still uses (submitted, not erased) but the data folder did not have. */
  missingEvidence: string[];
  /** Not copied, with why. */
  notIncluded: string[];
  files: BackupFile[];
}

export function isEvidenceEntry(path: string): boolean {
  return EVIDENCE_ENTRY.test(path);
}

export function evidenceEntry(sha256: string): string {
  return `evidence/${sha256.slice(0, 2)}/${sha256}`;
}

/** Is this a path a backup writes? Anything else in a manifest is refused, named. */
export function isBackupEntry(path: string): boolean {
  return [EVENTS_ENTRY, AUTH_ENTRY, PRIVATE_KEY_ENTRY, PUBLIC_KEY_ENTRY].includes(path) || TRUSTED_KEY_ENTRY.test(path) || EVIDENCE_ENTRY.test(path);
}

/** A backup that cannot be restored as it is: every reason, each naming its file. Exit code 6, as for a log that fails verification. */
export class BackupRefused extends Error {
  readonly exitCode = 6;
  constructor(
    readonly from: string,
    readonly problems: string[],
  ) {
    super(`The backup in ${from} was not restored, and nothing was written: ${problems.join('; ')}.`);
  }
}

/** Parse manifest.json and check its shape: every path one a backup writes, once, with a size and a SHA-256. */
export function parseManifest(from: string, text: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch (error) {
    throw new BackupRefused(from, [`${MANIFEST_FILE} is not JSON (${(error as Error).message})`]);
  }
  if (manifest?.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) {
    throw new BackupRefused(from, [`${MANIFEST_FILE} is not a plan-audit backup manifest of version ${BACKUP_VERSION}`]);
  }
  if (!Array.isArray(manifest.files) || typeof manifest.log !== 'object' || manifest.log === null) throw new BackupRefused(from, [`${MANIFEST_FILE} has no list of files or no log head`]);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of manifest.files) {
    const path = typeof file?.path === 'string' ? file.path : JSON.stringify(file?.path);
    if (!isBackupEntry(path)) problems.push(`${MANIFEST_FILE} lists "${path}", which is not a file a backup holds`);
    else if (seen.has(path)) problems.push(`${MANIFEST_FILE} lists "${path}" twice`);
    else if (!Number.isSafeInteger(file.bytes) || file.bytes < 0 || typeof file.sha256 !== 'string' || !SHA256.test(file.sha256)) problems.push(`${MANIFEST_FILE} gives "${path}" no valid size and SHA-256`);
    // An evidence file is found by its name: other bytes under that name would be served as the evidence.
    else if (isEvidenceEntry(path) && path.split('/')[2] !== file.sha256) problems.push(`${path} is not the file its name says: the manifest gives its SHA-256 as ${file.sha256}`);
    seen.add(path);
  }
  for (const required of [EVENTS_ENTRY, PRIVATE_KEY_ENTRY]) if (!seen.has(required)) problems.push(`${MANIFEST_FILE} does not list ${required}, which every backup holds`);
  if (problems.length > 0) throw new BackupRefused(from, problems);
  return manifest;
}
