import { EventEnvelope, NewEvent } from '../envelope';
import { ANY_VERSION, ConcurrencyError, ExpectedVersion, NO_STREAM } from '../event-store.port';
import { sealEvent } from '../sealing';
import { EventStatements } from './database';

/**
 * Seals and inserts one stream's new events; run inside an IMMEDIATE transaction so
 * the head read here is still the head when the rows go in.
 */
export function appendInsideTransaction(statements: EventStatements, streamId: string, expected: ExpectedVersion, events: NewEvent[]): EventEnvelope[] {
  const head = statements.head.get(streamId);
  const actual = head ? head.stream_version : NO_STREAM;
  if (expected !== ANY_VERSION && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);
  const recordedAt = new Date().toISOString();
  let prevHash = head ? head.hash : null;
  let version = actual;
  const sealed: EventEnvelope[] = [];
  for (const event of events) {
    version += 1;
    const { dataJson, metadataJson, envelope } = sealEvent(streamId, version, prevHash, event, recordedAt);
    const { eventId, type, schemaVersion, hash } = envelope;
    const info = statements.insert.run(streamId, version, eventId, type, schemaVersion, dataJson, metadataJson, prevHash, hash);
    sealed.push({ globalPosition: Number(info.lastInsertRowid), ...envelope });
    prevHash = hash;
  }
  return sealed;
}

/** The head version of a stream, or NO_STREAM: what an append of nothing answers. */
export function currentVersion(statements: EventStatements, streamId: string): number {
  return statements.head.get(streamId)?.stream_version ?? NO_STREAM;
}

/** Restores already-sealed events verbatim (checked by the caller), inside the caller's transaction. */
export function insertSealedInsideTransaction(statements: EventStatements, events: EventEnvelope[]): void {
  if (statements.anyEvent.get()) throw new Error('the event log is not empty: a restore goes only into an empty store');
  for (const event of events) {
    const { streamId, streamVersion, eventId, type, schemaVersion, data, metadata, prevHash, hash } = event;
    statements.insert.run(streamId, streamVersion, eventId, type, schemaVersion, JSON.stringify(data), JSON.stringify(metadata), prevHash, hash);
  }
}
