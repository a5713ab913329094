import { newEventId } from '../event-id';
import { EventEnvelope, NewEvent } from '../envelope';
import { ANY_VERSION, ConcurrencyError, ExpectedVersion, NO_STREAM } from '../event-store.port';
import { canonicalForm, sealedJsonOf, sealedMetadataForm } from '../canonical-json';
import { sha256 } from '../hashing';
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
    // Canonicalise data and metadata once: those texts are what is stored, and the hash is taken
    // over them composed (JCS is recursive), so the hash covers exactly what reads back. Their
    // values are what parsing the texts gives: the caller sees what every later reader will.
    const data = canonicalForm(event.data);
    if (data === undefined) throw new TypeError(`event ${event.type} has no JSON data`);
    const metadata = sealedMetadataForm(event.metadata, recordedAt);
    const eventId = event.eventId ?? newEventId();
    const { type, schemaVersion } = event;
    const hash = sha256(sealedJsonOf({ streamId, streamVersion: version, eventId, type, schemaVersion, prevHash }, data.json, metadata.json));
    const info = statements.insert.run(streamId, version, eventId, type, schemaVersion, data.json, metadata.json, prevHash, hash);
    // Named field by field in the order toEnvelope reads them: one object shape for appended and read events.
    sealed.push({
      globalPosition: Number(info.lastInsertRowid),
      streamId,
      streamVersion: version,
      eventId,
      type,
      schemaVersion,
      data: data.value,
      metadata: metadata.value,
      prevHash,
      hash,
    });
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
