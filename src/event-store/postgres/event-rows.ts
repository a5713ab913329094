import { EventEnvelope, EventMetadata, RecordedEvent } from '../envelope';
import { quoteIdentifier } from './schema.sql';

/**
 * Reads fetch rows as arrays (node-postgres's rowMode 'array'), in this column order. The position
 * is cast to float8 so it arrives as a number (a bigint arrives as text); positions stay far below
 * 2^53. The json columns arrive parsed by the driver, from the exact text that was sealed.
 */
const READ_COLUMNS = 'global_position::float8, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash';
type EventRow = [number, string, number, string, string, number, unknown, EventMetadata, string | null, string];
type HistoryRow = [number, number, string, string, number, unknown, EventMetadata];

export function readStatements(schema: string) {
  const events = `${quoteIdentifier(schema)}.events`;
  return {
    readStream: `SELECT ${READ_COLUMNS} FROM ${events} WHERE stream_id = $1 ORDER BY stream_version`,
    readStreamAfter: `SELECT ${READ_COLUMNS} FROM ${events} WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
    // The stream id is the one asked for and the seal is not wanted: neither is fetched.
    readHistory: `SELECT global_position::float8, stream_version, event_id, type, schema_version, data, metadata FROM ${events} WHERE stream_id = $1 ORDER BY stream_version`,
    readAll: `SELECT ${READ_COLUMNS} FROM ${events} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
    headPosition: `SELECT coalesce(max(global_position), 0)::float8 FROM ${events}`,
  };
}
export type ReadStatements = ReturnType<typeof readStatements>;

export function toEnvelope(row: unknown[]): EventEnvelope {
  const r = row as EventRow;
  return { globalPosition: r[0], streamId: r[1], streamVersion: r[2], eventId: r[3], type: r[4], schemaVersion: r[5], data: r[6], metadata: r[7], prevHash: r[8], hash: r[9] };
}

export function toRecordedEvent(streamId: string, row: unknown[]): RecordedEvent {
  const r = row as HistoryRow;
  return { globalPosition: r[0], streamId, streamVersion: r[1], eventId: r[2], type: r[3], schemaVersion: r[4], data: r[5], metadata: r[6] };
}
