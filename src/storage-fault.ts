/**
 * When the disk under the data folder cannot take a write: full, read-only, or failing.
 *
 * It is no domain rule (the same rating is fine once there is room) and no one adapter's:
 * SQLite says it for the log, the read models and the auth file, Node's fs for evidence
 * files. So it lives here, beside config.ts and data-folder-lock.ts, importing nothing, and
 * every door maps it the same way: HTTP 503 with Retry-After on the API, a page on the
 * web forms, exit code 7 on the CLI. A write refused this way has recorded nothing: SQLite
 * rolls the transaction back, and an evidence upload removes its temporary file.
 */
export type StorageFaultKind = 'full' | 'read-only' | 'failing';

const MESSAGES: Record<StorageFaultKind, string> = {
  full: 'The server cannot record anything: the disk holding the data folder is full. Nothing was recorded; free space on that disk and try again.',
  'read-only':
    'The server cannot record anything: the disk holding the data folder is read-only. Nothing was recorded; ask the administrator to make it writable again, then try again.',
  failing:
    'The server could not write to the disk holding the data folder (it may be full or failing). Nothing was recorded; try again in a minute, and tell the administrator if it keeps happening.',
};

/** How long a client is told to wait (Retry-After): long enough for an operator to be paged, short enough not to lose the user. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;

/** The CLI's exit code for it: 2–6 are the caller's input, rights or the rules; 7 says "not you, the disk". */
export const STORAGE_EXIT_CODE = 7;

export class StorageUnavailable extends Error {
  readonly exitCode = STORAGE_EXIT_CODE;
  readonly retryAfterSeconds = STORAGE_RETRY_AFTER_SECONDS;

  constructor(
    readonly kind: StorageFaultKind,
    /** The driver's or the OS's code (SQLITE_FULL, ENOSPC…): safe to show, as it names no file. */
    readonly code: string,
    /** What the driver or the OS said, which may name a file: for the server's log and the CLI, not for a public answer. */
    readonly detail: string,
  ) {
    super(MESSAGES[kind]);
    this.name = 'StorageUnavailable';
  }
}

/**
 * The storage fault behind an error, if it is one: SQLite's SQLITE_FULL, SQLITE_READONLY*
 * and SQLITE_IOERR* (better-sqlite3 puts the code on the error; TypeORM wraps it in
 * `driverError`), and Node's ENOSPC, EDQUOT, EROFS and EIO. SQLite reports a shared-memory
 * or size-hint failure on a full disk as an I/O error (SQLITE_IOERR_SHMSIZE, _WRITE), so an
 * I/O error is a storage fault too, called "failing" as it may be either.
 */
export function storageFaultOf(error: unknown): StorageUnavailable | undefined {
  if (error instanceof StorageUnavailable) return error;
  const code = codeOf(error);
  if (!code) return undefined;
  const detail = `${code}: ${error instanceof Error ? error.message : String(error)}`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return new StorageUnavailable('full', code, detail);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return new StorageUnavailable('read-only', code, detail);
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return new StorageUnavailable('failing', code, detail);
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; cause?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}
