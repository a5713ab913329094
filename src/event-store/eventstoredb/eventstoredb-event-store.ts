/**
 * The EventStoreDB / KurrentDB adapter. Everything specific to `@eventstore/db-client`
 * lives in this one file, so moving to `@kurrent/kurrentdb-client` (same wire
 * protocol, renamed package) is a change of this adapter only.
 *
 * Mapping of the envelope: the event's JSON data is `data`; every other sealed
 * field (schemaVersion, metadata with recordedAt, streamVersion, prevHash, hash)
 * travels in the event's JSON metadata, and the envelope's eventId is the
 * EventStoreDB event id. globalPosition is the event's log position in $all.
 */
import { randomUUID } from 'node:crypto';
import {
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM as ESDB_NO_STREAM,
  Position,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventEnvelope, EventMetadata, NewEvent } from '../envelope';
import {
  ANY_VERSION,
  AppendResult,
  ConcurrencyError,
  EventHandler,
  EventStore,
  ExpectedVersion,
  NO_STREAM,
  ReadAllOptions,
  StreamAppend,
  SubscriptionHandle,
} from '../event-store.port';
import { hashEvent } from '../hashing';

/** What we keep in EventStoreDB's per-event metadata. */
interface EnvelopeMetadata {
  schemaVersion: number;
  streamVersion: number;
  metadata: EventMetadata;
  prevHash: string | null;
  hash: string;
}

const DEFAULT_PAGE = 1000;
const ANY_RETRIES = 5;

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  /** EventStoreDB has no transactions across streams. */
  readonly atomicAcrossStreams = false;
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      const head = await this.head(streamId);
      const actual = head ? head.streamVersion : NO_STREAM;
      if (expectedVersion !== ANY_VERSION && expectedVersion !== actual) throw new ConcurrencyError(streamId, expectedVersion, actual);
      const sealed = seal(streamId, actual, head?.hash ?? null, events);
      // Always append at the revision we chained from, so the hash chain cannot fork even for ANY_VERSION.
      const expectedRevision: AppendExpectedRevision = actual === NO_STREAM ? ESDB_NO_STREAM : BigInt(actual);
      try {
        if (sealed.length > 0) {
          await this.client.appendToStream(
            streamId,
            sealed.map((e) =>
              jsonEvent({
                id: e.eventId,
                type: e.type,
                data: e.data as Record<string, unknown>,
                metadata: { schemaVersion: e.schemaVersion, streamVersion: e.streamVersion, metadata: e.metadata, prevHash: e.prevHash, hash: e.hash } as unknown as Record<string, unknown>,
              }),
            ),
            { expectedRevision },
          );
        }
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if (expectedVersion === ANY_VERSION && attempt < ANY_RETRIES) continue;
          const now = error.actualVersion === ESDB_NO_STREAM ? NO_STREAM : Number(error.actualVersion);
          throw new ConcurrencyError(streamId, expectedVersion, now);
        }
        throw error;
      }
      if (sealed.length === 0) return { nextExpectedVersion: actual, events: [] };
      // Read back what we wrote to learn the positions the server gave it.
      const written = (await this.readStream(streamId)).slice(-sealed.length);
      return { nextExpectedVersion: written[written.length - 1].streamVersion, events: written };
    }
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const a of appends) results.push(await this.append(a.streamId, a.expectedVersion, a.events));
    return results;
  }

  async readStream(streamId: string): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START })) {
        const envelope = toEnvelope(resolved);
        if (envelope) events.push(envelope);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? DEFAULT_PAGE;
    const events: EventEnvelope[] = [];
    const fromPosition = after === 0 ? START : position(after);
    // Reading from a position includes the event at it; ask for one more and drop it.
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition, maxCount: limit + 1, resolveLinkTos: false })) {
      const envelope = toEnvelope(resolved);
      if (envelope && envelope.globalPosition > after) events.push(envelope);
      if (events.length === limit) break;
    }
    return events;
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200, resolveLinkTos: false })) {
      const envelope = toEnvelope(resolved);
      if (envelope) return envelope.globalPosition;
    }
    return 0;
  }

  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle {
    const subscription = this.client.subscribeToAll({ fromPosition: after === 0 ? START : position(after), filter: excludeSystemEvents(), resolveLinkTos: false });
    let closed = false;
    void (async () => {
      try {
        // for-await pauses the stream while the handler runs, so events are handled one at a time, in order.
        for await (const resolved of subscription) {
          if (closed) break;
          const envelope = toEnvelope(resolved);
          if (envelope && envelope.globalPosition > after) await handler(envelope);
        }
      } catch (error) {
        if (!closed) onError?.(error);
      }
    })();
    return {
      close: async () => {
        closed = true;
        await subscription.unsubscribe();
      },
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async head(streamId: string): Promise<{ streamVersion: number; hash: string } | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        const envelope = toEnvelope(resolved);
        if (envelope) return { streamVersion: envelope.streamVersion, hash: envelope.hash };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }
}

function seal(streamId: string, actual: number, prevHash: string | null, events: NewEvent[]): Omit<EventEnvelope, 'globalPosition'>[] {
  const recordedAt = new Date().toISOString();
  let previous = prevHash;
  return events.map((event, i) => {
    const fields = {
      streamId,
      streamVersion: actual + 1 + i,
      eventId: event.eventId ?? randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...event.metadata, recordedAt },
      prevHash: previous,
    };
    const hash = hashEvent(fields);
    previous = hash;
    return { ...fields, hash };
  });
}

/**
 * Our globalPosition is the event's prepare position in the log, which is unique
 * per event; current servers give each appended event commit = prepare, so the
 * same number addresses it as a read position.
 */
function position(at: number): Position {
  return { commit: BigInt(at), prepare: BigInt(at) };
}

function toEnvelope(resolved: ResolvedEvent | { event?: unknown }): EventEnvelope | undefined {
  const event = (resolved as ResolvedEvent).event;
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.isJson) return undefined;
  const meta = event.metadata as unknown as EnvelopeMetadata | undefined;
  if (!meta || typeof meta.hash !== 'string' || !meta.metadata) return undefined;
  return {
    globalPosition: Number(event.position?.prepare ?? 0n),
    streamId: event.streamId,
    streamVersion: meta.streamVersion,
    eventId: event.id,
    type: event.type,
    schemaVersion: meta.schemaVersion,
    data: event.data,
    metadata: meta.metadata,
    prevHash: meta.prevHash,
    hash: meta.hash,
  };
}
