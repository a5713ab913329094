import { canonicalForm, sealedJsonOf, sealedMetadataForm } from './canonical-json';
import { EventEnvelope, NewEvent } from './envelope';
import { newEventId } from './event-id';
import { sha256 } from './hashing';

/** One event sealed onto its stream: the texts stored and the envelope handed back (its position is the store's to give). */
export interface SealedEvent {
  dataJson: string;
  metadataJson: string;
  envelope: Omit<EventEnvelope, 'globalPosition'>;
}

/**
 * Seals a new event at `streamVersion` after `prevHash`, the one way every store does it, so that a
 * log moved between stores keeps every hash. Data and metadata are canonicalised once: those texts
 * are what is stored, and the hash is taken over them composed (JCS is recursive), so the hash
 * covers exactly what reads back. Their values are what parsing the texts gives: the caller sees
 * what every later reader will.
 */
export function sealEvent(streamId: string, streamVersion: number, prevHash: string | null, event: NewEvent, recordedAt: string): SealedEvent {
  const data = canonicalForm(event.data);
  if (data === undefined) throw new TypeError(`event ${event.type} has no JSON data`);
  const metadata = sealedMetadataForm(event.metadata, recordedAt);
  const eventId = event.eventId ?? newEventId();
  const { type, schemaVersion } = event;
  const hash = sha256(sealedJsonOf({ streamId, streamVersion, eventId, type, schemaVersion, prevHash }, data.json, metadata.json));
  // Named field by field in the order the stores read them back: one object shape for appended and read events.
  return { dataJson: data.json, metadataJson: metadata.json, envelope: { streamId, streamVersion, eventId, type, schemaVersion, data: data.value, metadata: metadata.value, prevHash, hash } };
}
