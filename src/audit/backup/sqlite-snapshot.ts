import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';

/** Pages copied per step of the online backup: small steps keep the event loop free for the progress line. */
const PAGES_PER_STEP = 1000;

/**
 * Copy a live SQLite file with SQLite's online backup API, consistent while a server
 * writes to it, into a single self-contained file.
 *
 * Two things make it work under a steady stream of writes:
 * - The source connection holds one read transaction for the whole copy. In WAL mode a
 *   reader sees one snapshot and blocks no writer, so every step copies pages of the same
 *   snapshot. Without it, SQLite restarts the backup whenever another process commits, and
 *   under a server's writes it never finished (measured: 3,000 steps, 576 restarts, given up).
 * - The copy is switched out of WAL mode afterwards (`journal_mode = DELETE`), so it is one
 *   file with nothing beside it to lose, and its SHA-256 means something.
 *
 * Resolves when the copy is on disk, with `onSnapshot` called once the snapshot is fixed:
 * every transaction committed before that moment is in the copy, none after.
 */
export async function snapshotSqlite(
  source: string,
  destination: string,
  onSnapshot: () => void,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // BEGIN is deferred: the snapshot is fixed by the first read inside it.
    db.exec('BEGIN');
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    onSnapshot();
    await db.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  // It holds password hashes or the whole record: readable by the owner alone.
  chmodSync(destination, 0o600);
  const copy = new Database(destination);
  try {
    copy.pragma('journal_mode = DELETE');
    const [check] = copy.pragma('quick_check') as { quick_check: string }[];
    if (check?.quick_check !== 'ok') throw new Error(`the copy of ${source} does not pass SQLite's quick_check (${check?.quick_check}); the source file may be damaged`);
  } finally {
    copy.close();
  }
}
