import Database from 'better-sqlite3';
import { CheckpointRow, originColumn, toCheckpoint } from './checkpoint-row';
import { CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';

/**
 * Checkpoints in their own table of the events file: backed up with the log,
 * but never read by readAll, so never leaves of the tree. Append-only for the
 * same reason the log is: a checkpoint is evidence.
 */
export const CHECKPOINT_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS checkpoints (
  tree_size     INTEGER PRIMARY KEY,
  root_hash     TEXT    NOT NULL,
  taken_at      TEXT    NOT NULL,
  key_id        TEXT    NOT NULL,
  signature     TEXT    NOT NULL,
  resume        TEXT    NOT NULL
);

CREATE TRIGGER IF NOT EXISTS checkpoints_reject_update
BEFORE UPDATE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS checkpoints_reject_delete
BEFORE DELETE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE is not allowed');
END;
`;

export class SqliteCheckpointStore implements CheckpointStore {
  private readonly statements;

  /** @param db the events file's connection (SqliteEventStore.connection). */
  constructor(db: Database.Database) {
    if (!db.readonly) {
      db.exec(CHECKPOINT_TABLE_DDL);
      // C2SP checkpoints sign their origin: a column added to files made before them (null: a v1 checkpoint).
      const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('checkpoints')").all();
      if (!columns.some((c) => c.name === 'origin')) db.exec('ALTER TABLE checkpoints ADD COLUMN origin TEXT');
    }
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'").get() !== undefined;
    this.statements = hasTable
      ? {
          list: db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY tree_size'),
          latest: db.prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY tree_size DESC LIMIT 1'),
          insert: db.prepare(
            `INSERT OR IGNORE INTO checkpoints (tree_size, root_hash, taken_at, key_id, signature, resume, origin)
             VALUES (@treeSize, @rootHash, @takenAt, @keyId, @signature, @resume, @origin)`,
          ),
        }
      : undefined;
  }

  async list(): Promise<StoredCheckpoint[]> {
    return this.statements ? this.statements.list.all().map(toCheckpoint) : [];
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const row = this.statements?.latest.get();
    return row ? toCheckpoint(row) : undefined;
  }

  async add(c: StoredCheckpoint): Promise<boolean> {
    if (!this.statements) throw new Error('this events file is open read-only and has no checkpoints table');
    const info = this.statements.insert.run({ treeSize: c.treeSize, rootHash: c.rootHash, takenAt: c.takenAt, keyId: c.keyId, signature: c.signature, resume: JSON.stringify(c.resume), origin: originColumn(c) });
    return info.changes === 1;
  }
}
