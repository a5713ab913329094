import { TLOG_CHECKPOINT_FORMAT } from './checkpoint';
import { ResumePoint, StoredCheckpoint } from './checkpoint-store.port';

/** A checkpoint as both stores keep it, column by column (SQLite's file and PostgreSQL's table alike). */
export interface CheckpointRow {
  tree_size: number;
  root_hash: string;
  taken_at: string;
  key_id: string;
  signature: string;
  resume: string;
  /** The log's origin, for a C2SP checkpoint (its signature covers it); null for a v1 one. */
  origin: string | null;
}

/** The origin column for a checkpoint: set only for a C2SP one. */
export function originColumn(c: StoredCheckpoint): string | null {
  return c.format === TLOG_CHECKPOINT_FORMAT && c.origin ? c.origin : null;
}

export function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  let resume: ResumePoint = { frontier: [], lastPosition: 0, lastHash: '', beforeLastPosition: 0 };
  try {
    resume = JSON.parse(row.resume) as ResumePoint;
  } catch {
    // A damaged resume point only costs a full read of the log at the next checkpoint.
  }
  const c2sp = row.origin ? { format: TLOG_CHECKPOINT_FORMAT as typeof TLOG_CHECKPOINT_FORMAT, origin: row.origin } : {};
  return { treeSize: row.tree_size, rootHash: row.root_hash, takenAt: row.taken_at, keyId: row.key_id, signature: row.signature, ...c2sp, resume };
}
