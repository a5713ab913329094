/**
 * The EventStoreDB / KurrentDB adapter (DESIGN §7, "Scale").
 *
 * Everything specific to `@eventstore/db-client` lives in this one file: no other
 * module imports the client. Moving to `@kurrent/kurrentdb-client` (same gRPC
 * protocol, renamed package and `KurrentDBClient`) is therefore a change of this
 * adapter only, checked by the same contract suite.
 *
 * How the envelope is stored: the event's JSON data is `data`; the other sealed
 * fields (schemaVersion, metadata with recordedAt, streamVersion, prevHash, hash)
 * travel in the event's JSON metadata; the envelope's eventId is the EventStoreDB
 * event id. `globalPosition` is the event's commit position in `$all`.
 *
 * Why commit position is a safe globalPosition: every gRPC append writes each event
 * as its own committed prepare record, so each event's commit position equals its
 * prepare position and is unique (only the legacy TCP explicit transactions gave
 * several events one commit position, and this adapter never writes those). That is
 * also why `{ commit: n, prepare: n }` addresses exactly the event at position n.
 *
 * Requires EventStoreDB 22.6 or later (any KurrentDB): older servers do not report
 * positions on stream reads.
 */
import { newEventId } from '../event-id';
import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  JSONType,
  NO_STREAM as ESDB_NO_STREAM,
  Position,
  ReadPosition,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventEnvelope, EventMetadata, NewEvent, RecordedEvent } from '../envelope';
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
import { checkSealedEvents, SealedEventImport } from '../sealed-import';

/** What we keep in EventStoreDB's per-event metadata: the sealed fields that are not the data. */
interface StoredMetadata {
  schemaVersion: number;
  streamVersion: number;
  metadata: EventMetadata;
  prevHash: string | null;
  hash: string;
}

type SealedEvent = Omit<EventEnvelope, 'globalPosition'>;

const DEFAULT_PAGE = 1000;
/** How many times an ANY_VERSION append re-reads the head after losing a race before giving up. */
const ANY_VERSION_ATTEMPTS = 5;
/** $all records read per round trip when looking for the newest event of ours. */
const HEAD_SCAN_BATCH = 100;
/**
 * Reads that decide what we write (the stream head) and read back what we wrote
 * must see the leader's state: a follower may lag, and a stale head would make us
 * report a conflict that did not happen.
 */
const FROM_LEADER = { requiresLeader: true } as const;

export class EventStoreDbEventStore implements EventStore, SealedEventImport {
  readonly kind = 'eventstoredb';
  /** EventStoreDB has no transaction spanning streams: appendMany is atomic per stream only. */
  readonly atomicAcrossStreams = false;
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<SubscriptionHandle>();

  /** @param connectionString e.g. `esdb://localhost:2113?tls=false`, or a cluster: `esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt` */
  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    assertOrdinaryName('stream id', streamId);
    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead(streamId);
      const current = head ? head.streamVersion : NO_STREAM;
      if (expectedVersion !== ANY_VERSION && expectedVersion !== current) throw new ConcurrencyError(streamId, expectedVersion, current);
      if (events.length === 0) return { nextExpectedVersion: current, events: [] };
      // Sealing throws on data that is not JSON, before anything is sent: a bad batch appends nothing.
      const sealed = seal(streamId, current, head ? head.hash : null, events);
      const conflict = await this.appendSealed(streamId, current, sealed);
      if (conflict === undefined) {
        const written = await this.readBack(streamId, expectedVersion, sealed);
        return { nextExpectedVersion: written[written.length - 1].streamVersion, events: written };
      }
      // Someone appended between our read of the head and our write. With a number
      // or NO_STREAM that is the caller's conflict; with ANY_VERSION we re-read and
      // re-chain from the new head (never append blind, or the hash chain would fork).
      if (expectedVersion === ANY_VERSION && attempt < ANY_VERSION_ATTEMPTS) continue;
      throw new ConcurrencyError(streamId, expectedVersion, conflict.actualVersion);
    }
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    // Bad input appends nothing anywhere (DESIGN §8): check every event serialises before the first write.
    for (const a of appends) {
      assertOrdinaryName('stream id', a.streamId);
      for (const event of a.events) toJson(event.data, 'data');
    }
    const results: AppendResult[] = [];
    for (const a of appends) results.push(await this.append(a.streamId, a.expectedVersion, a.events));
    return results;
  }

  async readStream(streamId: string, options: { afterVersion?: number } = {}): Promise<EventEnvelope[]> {
    const from = options.afterVersion === undefined || options.afterVersion < 0 ? START : BigInt(options.afterVersion + 1);
    return this.readStreamFrom(streamId, from, Number.MAX_SAFE_INTEGER);
  }

  /** EventStoreDB sends each event whole, seal included, so a history is the stream as read. */
  async readHistory(streamId: string): Promise<RecordedEvent[]> {
    return this.readStream(streamId);
  }

  /**
   * One page of our events in $all, oldest first, strictly after `after`.
   *
   * $all also holds the server's own records ($-prefixed streams and types, e.g.
   * projection links and stream metadata) and possibly foreign events without our
   * envelope; the client's readAll takes no server-side filter, so they count
   * against maxCount. We therefore read in rounds until the page is full or a round
   * comes back short (the end of the log). Each round asks for exactly what it still
   * needs, so no read is abandoned half-way.
   *
   * Reading forwards from a position includes the record at that position, so each
   * round starts at the last record seen and skips everything at or below it.
   */
  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? DEFAULT_PAGE;
    const page: EventEnvelope[] = [];
    if (limit <= 0) return page;
    let from: ReadPosition = after === 0 ? START : positionAt(after);
    let seenUpTo = BigInt(after);
    for (;;) {
      const wanted = limit - page.length + 1;
      let received = 0;
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: wanted, resolveLinkTos: false })) {
        received += 1;
        const position: Position | undefined = resolved.event?.position;
        if (!position || position.commit <= seenUpTo) continue;
        seenUpTo = position.commit;
        from = position;
        const envelope = toEnvelope(resolved);
        if (envelope && page.length < limit) page.push(envelope);
      }
      if (page.length >= limit || received < wanted) return page;
    }
  }

  /** The commit position of our newest event: the same filter as readAll, read backwards from the end. */
  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    let seenDownTo: bigint | undefined;
    for (;;) {
      let received = 0;
      let found: number | undefined;
      const read = this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_SCAN_BATCH, resolveLinkTos: false });
      for await (const resolved of read) {
        received += 1;
        const position: Position | undefined = resolved.event?.position;
        // Backwards reads exclude the start position; the guard only protects against a server that does not.
        if (!position || (seenDownTo !== undefined && position.commit >= seenDownTo)) continue;
        seenDownTo = position.commit;
        from = position;
        const envelope = toEnvelope(resolved);
        if (envelope) {
          found = envelope.globalPosition;
          break;
        }
      }
      if (found !== undefined) {
        // Leaving the loop early only stops our side; cancel the call so the server stops sending.
        await read.cancel();
        return found;
      }
      if (received < HEAD_SCAN_BATCH) return 0;
    }
  }

  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle {
    const subscription = this.client.subscribeToAll({
      fromPosition: after === 0 ? START : positionAt(after),
      filter: excludeSystemEvents(),
      resolveLinkTos: false,
    });
    // Errors reach the loop below through the async iterator; this listener only keeps
    // an error emitted after the loop has ended from becoming an uncaught exception.
    subscription.on('error', () => undefined);
    let closed = false;
    let delivered = after;
    const stop = async (): Promise<void> => {
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
      this.subscriptions.delete(handle);
    };
    const handle: SubscriptionHandle = {
      close: async () => {
        if (closed) return;
        closed = true;
        await stop();
      },
    };
    this.subscriptions.add(handle);
    void (async () => {
      try {
        // for-await pulls the next event only after the handler's promise settles, so
        // events are handled one at a time, in log order, and the stream is paused meanwhile.
        for await (const resolved of subscription) {
          if (closed) break;
          const envelope = toEnvelope(resolved);
          if (!envelope || envelope.globalPosition <= delivered) continue;
          await handler(envelope);
          delivered = envelope.globalPosition;
        }
      } catch (error) {
        if (closed) return;
        // A projector must never skip an event it failed on: stop here and report.
        closed = true;
        await stop();
        onError?.(error);
      }
    })();
    return handle;
  }

  /**
   * Restore sealed events verbatim into a store holding none of ours yet. Events are
   * appended one stream run at a time in the export's global order, each run at the
   * revision it must follow, so $all receives them in the same order and the Merkle
   * roots come out the same. Their new commit positions are the server's.
   */
  async importSealed(events: EventEnvelope[]): Promise<number> {
    checkSealedEvents(events);
    for (const event of events) assertOrdinaryName('stream id', event.streamId);
    if ((await this.headPosition()) !== 0) throw new Error('EventStoreDB already holds events of this application: a restore goes only into an empty store');
    for (let start = 0; start < events.length; ) {
      let end = start + 1;
      while (end < events.length && events[end].streamId === events[start].streamId) end += 1;
      const run = events.slice(start, end);
      const conflict = await this.appendSealed(run[0].streamId, run[0].streamVersion - 1, run);
      if (conflict !== undefined) throw new ConcurrencyError(run[0].streamId, run[0].streamVersion - 1, conflict.actualVersion);
      start = end;
    }
    return events.length;
  }

  /**
   * Records kept beside the log rather than in it (the signed Merkle checkpoints):
   * plain JSON events without our envelope, so readAll, headPosition and the
   * subscriptions never see them and they are never leaves of the tree they sign.
   */
  async appendRecord(streamId: string, type: string, data: unknown): Promise<void> {
    assertOrdinaryName('stream id', streamId);
    await this.client.appendToStream(streamId, jsonEvent({ type, data: toJson<JSONType>(data, 'record'), metadata: { outsideTheLog: true } }));
  }

  /** Every record of a stream written by appendRecord, oldest first; [] when there is none. */
  async readRecords(streamId: string): Promise<unknown[]> {
    const records: unknown[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision: START, resolveLinkTos: false, ...FROM_LEADER })) {
        if (resolved.event?.isJson) records.push(resolved.event.data);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return records;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /** undefined when the events were appended; otherwise the stream's actual version. */
  private async appendSealed(streamId: string, current: number, sealed: SealedEvent[]): Promise<{ actualVersion: number } | undefined> {
    // Always the revision we chained from, never ANY: the server's check is what
    // stops two writers from both extending the same head.
    const expectedRevision: AppendExpectedRevision = current === NO_STREAM ? ESDB_NO_STREAM : BigInt(current);
    try {
      // One call, so the server writes the whole batch or none of it.
      const result = await this.client.appendToStream(streamId, sealed.map(toEventData), { expectedRevision });
      // Only reached with throwOnAppendFailure=false in the connection string.
      if (!result.success) return { actualVersion: (await this.readHead(streamId))?.streamVersion ?? NO_STREAM };
      return undefined;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        return { actualVersion: error.actualVersion === ESDB_NO_STREAM ? NO_STREAM : Number(error.actualVersion) };
      }
      throw error;
    }
  }

  /** The events we just wrote, as stored, now that the server has given them positions. */
  private async readBack(streamId: string, expectedVersion: ExpectedVersion, sealed: SealedEvent[]): Promise<EventEnvelope[]> {
    const written = await this.readStreamFrom(streamId, BigInt(sealed[0].streamVersion), sealed.length, FROM_LEADER);
    const ours = written.length === sealed.length && written.every((e, i) => e.eventId === sealed[i].eventId && e.hash === sealed[i].hash);
    // Only possible if the server deduplicated our event ids against events someone else wrote.
    if (!ours) throw new ConcurrencyError(streamId, expectedVersion, written.length > 0 ? written[written.length - 1].streamVersion : NO_STREAM);
    return written;
  }

  private async readHead(streamId: string): Promise<{ streamVersion: number; hash: string } | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, resolveLinkTos: false, ...FROM_LEADER })) {
        const envelope = toEnvelope(resolved);
        if (!envelope) throw new Error(`The last event of ${streamId} in EventStoreDB was not written by this application; refusing to chain onto it.`);
        return { streamVersion: envelope.streamVersion, hash: envelope.hash };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    return undefined;
  }

  private async readStreamFrom(streamId: string, fromRevision: typeof START | bigint, maxCount: number, options: { requiresLeader?: boolean } = {}): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: FORWARDS, fromRevision, maxCount, resolveLinkTos: false, ...options })) {
        const envelope = toEnvelope(resolved);
        if (envelope) events.push(envelope);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }
}

/** Exactly as the SQLite adapter seals: one recordedAt per batch, versions from the head, prevHash chained. */
function seal(streamId: string, current: number, headHash: string | null, events: NewEvent[]): SealedEvent[] {
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

function toEventData(event: SealedEvent) {
  const metadata: StoredMetadata = {
    schemaVersion: event.schemaVersion,
    streamVersion: event.streamVersion,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: metadata as unknown as JSONType });
}

function toEnvelope(resolved: ResolvedEvent | AllStreamResolvedEvent): EventEnvelope | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  const stored: unknown = event.metadata;
  if (!isStoredMetadata(stored)) return undefined;
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) throw new Error('EventStoreDB did not report the event position; EventStoreDB 22.6 or later (or KurrentDB) is required.');
  return {
    globalPosition: Number(commit),
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
function toJson<T = unknown>(value: unknown, what: string): T {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`Event ${what} must be a JSON value, not ${typeof value}.`);
  return JSON.parse(json) as T;
}

function positionAt(globalPosition: number): Position {
  return { commit: BigInt(globalPosition), prepare: BigInt(globalPosition) };
}

function assertOrdinaryName(what: string, name: string): void {
  if (name.startsWith('$')) throw new Error(`A ${what} starting with "$" is reserved for EventStoreDB system streams: "${name}".`);
}
