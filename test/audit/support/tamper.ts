import Database from 'better-sqlite3';
import { EventEnvelope } from '../../../src/event-store/envelope';
import { hashEvent } from '../../../src/event-store/hashing';

/** A row of the events table, as SQLite holds it. */
export interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  prev_hash: string | null;
  hash: string;
}

const COLUMNS = ['stream_id', 'stream_version', 'event_id', 'type', 'schema_version', 'data', 'metadata', 'prev_hash', 'hash'] as const;

/**
 * What someone with write access to the events file could do: drop the
 * append-only triggers and change rows at will. Each helper opens the file,
 * tampers, and closes it, leaving no WAL behind.
 */
export function tamper<T>(file: string, change: (db: Database.Database) => T): T {
  const db = new Database(file);
  // Tampering needs no durability: skip the fsyncs, it keeps hundreds of runs quick.
  db.pragma('synchronous = OFF');
  try {
    db.exec('DROP TRIGGER IF EXISTS events_reject_update; DROP TRIGGER IF EXISTS events_reject_delete;');
    return change(db);
  } finally {
    db.close();
  }
}

export function rowAt(db: Database.Database, position: number): EventRow {
  const row = db.prepare('SELECT * FROM events WHERE global_position = ?').get(position) as EventRow | undefined;
  if (!row) throw new Error(`no event at position ${position}`);
  return row;
}

export function allRows(db: Database.Database): EventRow[] {
  return db.prepare('SELECT * FROM events ORDER BY global_position').all() as EventRow[];
}

/** Swap everything but the position between two rows: the two events change places in the log. */
export function swapRows(db: Database.Database, p: number, q: number): void {
  const [a, b] = [rowAt(db, p), rowAt(db, q)];
  const set = db.prepare(`UPDATE events SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE global_position = @global_position`);
  // Park one row under throwaway ids first: the UNIQUE constraints hold after every statement.
  db.prepare("UPDATE events SET event_id = 'parked', stream_id = 'parked' WHERE global_position = ?").run(p);
  set.run({ ...a, global_position: q });
  set.run({ ...b, global_position: p });
}

/** Rebuild the table without its UNIQUE constraints, as a determined tamperer would, so duplicates can go in. */
export function dropConstraints(db: Database.Database): void {
  db.exec(`
    CREATE TABLE events_loose (global_position INTEGER PRIMARY KEY, stream_id TEXT, stream_version INTEGER, event_id TEXT, type TEXT,
      schema_version INTEGER, data TEXT, metadata TEXT, prev_hash TEXT, hash TEXT);
    INSERT INTO events_loose SELECT global_position, ${COLUMNS.join(', ')} FROM events;
    DROP TABLE events;
    ALTER TABLE events_loose RENAME TO events;
  `);
}

/** Put a row into the log at `position`, moving every later event one place on. */
export function insertRowAt(db: Database.Database, position: number, row: Omit<EventRow, 'global_position'>): void {
  db.prepare('UPDATE events SET global_position = -global_position - 1 WHERE global_position >= ?').run(position);
  db.prepare('UPDATE events SET global_position = -global_position WHERE global_position < 0').run();
  db.prepare(`INSERT INTO events (global_position, ${COLUMNS.join(', ')}) VALUES (@global_position, ${COLUMNS.map((c) => `@${c}`).join(', ')})`).run({ ...row, global_position: position });
}

export function toRow(event: Omit<EventEnvelope, 'globalPosition'>): Omit<EventRow, 'global_position'> {
  return {
    stream_id: event.streamId,
    stream_version: event.streamVersion,
    event_id: event.eventId,
    type: event.type,
    schema_version: event.schemaVersion,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

export function toEnvelope(row: EventRow): EventEnvelope {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Re-seal an envelope after changing it: a correct hash of its own, as a careful forger would compute. */
export function resealed(event: Omit<EventEnvelope, 'hash'>): EventEnvelope {
  const { hash: _, ...fields } = event as EventEnvelope;
  return { ...fields, hash: hashEvent(fields) } as EventEnvelope;
}

/** Rewrite one event's data and recompute its stream's hash chain after it: a careful forger's rewrite, which no broken link gives away. */
export function rewriteAndRechain(db: Database.Database, position: number, change: Record<string, unknown>): void {
  const target = toEnvelope(rowAt(db, position));
  const stream = (db.prepare('SELECT global_position FROM events WHERE stream_id = ? AND global_position >= ? ORDER BY global_position').all(target.streamId, position) as { global_position: number }[]).map((r) => r.global_position);
  const set = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE global_position = ?');
  let prevHash = target.prevHash;
  for (const at of stream) {
    const event = toEnvelope(rowAt(db, at));
    const forged = resealed({ ...event, data: at === position ? { ...(event.data as object), ...change } : event.data, prevHash });
    set.run(JSON.stringify(forged.data), forged.prevHash, forged.hash, at);
    prevHash = forged.hash;
  }
}
