import { EventEnvelope, RecordedEvent } from '../envelope';
import { UnreadableEventError } from '../unreadable-event';

/**
 * Reads return rows as arrays (better-sqlite3's raw mode), in this column order:
 * a third cheaper than one object per row, on the path every replay and every
 * verify takes through the whole log.
 */
/** The columns of an event row, in the order `toEnvelope` reads them (for statements in `.raw(true)` mode). */
export const READ_COLUMNS = 'global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash';
export type EventRow = [
  globalPosition: number,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  prevHash: string | null,
  hash: string,
];

/** A row of the history statement: READ_COLUMNS without the stream id and the seal. */
export type HistoryRow = [globalPosition: number, streamVersion: number, eventId: string, type: string, schemaVersion: number, data: string, metadata: string];

export function toEnvelope(row: EventRow): EventEnvelope {
  return {
    globalPosition: row[0],
    streamId: row[1],
    streamVersion: row[2],
    eventId: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: parseColumn(row, 6, 'data'),
    metadata: parseColumn(row, 7, 'metadata'),
    prevHash: row[8],
    hash: row[9],
  };
}

/** A history row as the read side wants it: no seal; a damaged JSON column throws a bare SyntaxError (the caller re-reads to name it). */
export function toRecordedEvent(streamId: string, row: HistoryRow): RecordedEvent {
  return {
    globalPosition: row[0],
    streamId,
    streamVersion: row[1],
    eventId: row[2],
    type: row[3],
    schemaVersion: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as EventEnvelope['metadata'],
  };
}

/** JSON text we wrote always parses; when it does not, say which event is damaged rather than throw a bare SyntaxError. */
function parseColumn(row: EventRow, column: 6 | 7, name: 'data' | 'metadata') {
  try {
    return JSON.parse(row[column]);
  } catch (error) {
    throw new UnreadableEventError({
      globalPosition: row[0],
      streamId: row[1],
      streamVersion: row[2],
      eventId: row[3],
      type: row[4],
      prevHash: row[8],
      hash: row[9],
      problem: `its ${name} is not valid JSON (${(error as Error).message})`,
    });
  }
}
