import { AllStreamResolvedEvent, jsonEvent, JSONType, Position, ResolvedEvent } from '@eventstore/db-client';
import { newEventId } from '../event-id';
import { EventEnvelope, EventMetadata, NewEvent } from '../envelope';
import { hashEvent } from '../hashing';
import { UnreadableEvent, UnreadableEventError } from '../unreadable-event';

/**
 * How our envelope is stored in EventStoreDB, both ways: the event's JSON data is
 * `data`; the other sealed fields travel in the event's JSON metadata; the envelope's
 * eventId is the EventStoreDB event id; `globalPosition` is the commit position in `$all`.
 */

/** What we keep in EventStoreDB's per-event metadata: the sealed fields that are not the data. */
interface StoredMetadata {
  schemaVersion: number;
  streamVersion: number;
  metadata: EventMetadata;
  prevHash: string | null;
  hash: string;
}

/** An event sealed (versioned, chained, hashed) but not yet given a position by the server. */
export type SealedEvent = Omit<EventEnvelope, 'globalPosition'>;

/** Exactly as the SQLite adapter seals: one recordedAt per batch, versions from the head, prevHash chained. */
export function seal(streamId: string, current: number, headHash: string | null, events: NewEvent[]): SealedEvent[] {
  const recordedAt = new Date().toISOString();
  let prevHash = headHash;
  return events.map((event, i) => {
    if (event.type.startsWith('$')) throw new Error(`Event type "${event.type}" is reserved for EventStoreDB system events.`);
    const fields = {
      streamId,
      streamVersion: current + 1 + i,
      eventId: event.eventId ?? newEventId(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      // Hash what will be stored: after a JSON round trip the data reads back identically.
      data: toJson(event.data, 'data'),
      metadata: toJson<EventMetadata>({ ...event.metadata, recordedAt }, 'metadata'),
      prevHash,
    };
    const hash = hashEvent(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
}

export function toEventData(event: SealedEvent) {
  const metadata: StoredMetadata = {
    schemaVersion: event.schemaVersion,
    streamVersion: event.streamVersion,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: metadata as unknown as JSONType });
}

/**
 * Our envelope, or undefined for what is kept beside the log: the server's own records ($-prefixed
 * streams and types) and the records appendRecord writes (the signed checkpoints). Any other event,
 * in an ordinary stream, is an entry of the log: one without our envelope (written by something else,
 * or its metadata altered) is reported as unreadable, in its place, as the SQLite store reports a row
 * whose JSON no longer parses — never skipped, or a slipped-in event would go unseen.
 */
export function toEnvelope(resolved: ResolvedEvent | AllStreamResolvedEvent): EventEnvelope | undefined {
  const event = resolved.event;
  if (!event || isBesideTheLog(event)) return undefined;
  const globalPosition = positionOf(resolved);
  const stored: unknown = event.isJson ? event.metadata : undefined;
  if (!isStoredMetadata(stored)) throw new UnreadableEventError(unreadable(event, globalPosition, stored));
  return {
    globalPosition,
    streamId: event.streamId,
    streamVersion: stored.streamVersion,
    eventId: event.id,
    type: event.type,
    schemaVersion: stored.schemaVersion,
    data: event.data,
    metadata: stored.metadata,
    prevHash: stored.prevHash,
    hash: stored.hash,
  };
}

/** Whether a record of $all is an entry of our log (ours, or one that should have been): what headPosition counts. */
export function isLogEntry(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  return !!resolved.event && !isBesideTheLog(resolved.event);
}

function isBesideTheLog(event: NonNullable<ResolvedEvent['event']>): boolean {
  if (event.type.startsWith('$') || event.streamId.startsWith('$')) return true;
  const metadata = event.metadata as { outsideTheLog?: unknown } | Uint8Array | undefined;
  return event.isJson && typeof metadata === 'object' && !(metadata instanceof Uint8Array) && metadata !== null && metadata.outsideTheLog === true;
}

function unreadable(event: NonNullable<ResolvedEvent['event']>, globalPosition: number, stored: unknown): UnreadableEvent {
  const seal = (typeof stored === 'object' && stored !== null ? stored : {}) as { prevHash?: unknown; hash?: unknown };
  return {
    globalPosition,
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    eventId: event.id,
    type: event.type,
    prevHash: typeof seal.prevHash === 'string' ? seal.prevHash : null,
    hash: typeof seal.hash === 'string' ? seal.hash : '',
    problem: event.isJson
      ? 'it carries no envelope of this application (no seal in its EventStoreDB metadata): written by something else, or its metadata altered'
      : 'it is not JSON (EventStoreDB content type other than application/json): written by something else',
  };
}

/** The largest position the server can send: ulong.MaxValue, its "no position". */
const NO_POSITION = 2n ** 64n - 1n;

/**
 * The event's commit position in $all. The client turns a position the server left unset into
 * `{ commit: 0n, prepare: 0n }` (protobuf's default), never undefined, so that is what an
 * EventStoreDB older than 22.6 gives on a stream read; 0 is never a real event's position (the
 * transaction file opens with the server's epoch record), nor is ulong.MaxValue.
 */
function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): number {
  for (const commit of [resolved.event?.position?.commit, resolved.commitPosition]) {
    if (commit === undefined || commit <= 0n || commit >= NO_POSITION) continue;
    if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`EventStoreDB position ${commit} is beyond what this application can hold (2^53).`);
    return Number(commit);
  }
  throw new Error('EventStoreDB did not report the event position; EventStoreDB 22.6 or later (or KurrentDB) is required.');
}

function isStoredMetadata(value: unknown): value is StoredMetadata {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  const m = value as Partial<Record<keyof StoredMetadata, unknown>>;
  return (
    typeof m.hash === 'string' &&
    typeof m.streamVersion === 'number' &&
    typeof m.schemaVersion === 'number' &&
    (m.prevHash === null || typeof m.prevHash === 'string') &&
    typeof m.metadata === 'object' &&
    m.metadata !== null
  );
}

/**
 * JSON round trip. Throws on what JSON cannot carry (a BigInt) and on undefined,
 * which the client would otherwise fail on inside its write, leaving the append
 * promise unsettled.
 */
export function toJson<T = unknown>(value: unknown, what: string): T {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`Event ${what} must be a JSON value, not ${typeof value}.`);
  return JSON.parse(json) as T;
}

/**
 * Why commit position is a safe globalPosition: every gRPC append writes each event
 * as its own committed prepare record, so each event's commit position equals its
 * prepare position and is unique; `{ commit: n, prepare: n }` addresses exactly the event at n.
 */
export function positionAt(globalPosition: number): Position {
  return { commit: BigInt(globalPosition), prepare: BigInt(globalPosition) };
}

export function assertOrdinaryName(what: string, name: string): void {
  if (name.startsWith('$')) throw new Error(`A ${what} starting with "$" is reserved for EventStoreDB system streams: "${name}".`);
}
