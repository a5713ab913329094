/**
 * The EventStoreDB / KurrentDB adapter (DESIGN §7, "Scale").
 *
 * Everything specific to `@eventstore/db-client` lives in this folder: no other
 * module imports the client. Moving to `@kurrent/kurrentdb-client` (same gRPC
 * protocol, renamed package and `KurrentDBClient`) is therefore a change of this
 * adapter only, checked by the same contract suite.
 *
 * The parts: how our envelope is stored in an EventStoreDB event (stored-event.ts),
 * reading streams, pages of $all and heads (reading.ts), chained appends and
 * restores (appending.ts), and catch-up subscriptions (subscription.ts). This class
 * holds the client and wires them to the EventStore port.
 *
 * Requires EventStoreDB 22.6 or later (any KurrentDB): older servers do not report
 * positions on stream reads.
 */
import { EventStoreDBClient, FORWARDS, jsonEvent, JSONType, START, StreamNotFoundError } from '@eventstore/db-client';
import { EventEnvelope, NewEvent, RecordedEvent } from '../envelope';
import { AppendResult, EventHandler, EventStore, ExpectedVersion, ReadAllOptions, StreamAppend, SubscriptionHandle } from '../event-store.port';
import { checkSealedEvents, SealedEventImport } from '../sealed-import';
import { appendChained, appendSealedRuns } from './appending';
import { countLogEntriesAfter, FROM_LEADER, readAllPage, readHeadPosition, readStreamFrom } from './reading';
import { assertOrdinaryName, toJson } from './stored-event';
import { subscribeToAllOf } from './subscription';

const DEFAULT_PAGE = 1000;
/** EventStoreDB's default MaxAppendSize (1 MiB): what a restore cuts its appends to unless told the server's own. */
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

export class EventStoreDbEventStore implements EventStore, SealedEventImport {
  readonly kind = 'eventstoredb';
  /** EventStoreDB has no transaction spanning streams: appendMany is atomic per stream only. */
  readonly atomicAcrossStreams = false;
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<SubscriptionHandle>();

  /**
   * @param connection e.g. `esdb://localhost:2113?tls=false`, or a cluster: `esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=/certs/ca/ca.crt`
   * (credentials percent-encoded: see connection-string.ts); or a client already made, which is how the
   * adapter's own suites drive it with the client's classes over a network side of their own (no server runs there).
   */
  constructor(
    connection: string | EventStoreDBClient,
    private readonly options: { maxAppendSize?: number } = {},
  ) {
    this.client = typeof connection === 'string' ? EventStoreDBClient.connectionString(connection) : connection;
  }

  async append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    return appendChained(this.client, streamId, expectedVersion, events);
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
    return readStreamFrom(this.client, streamId, from, Number.MAX_SAFE_INTEGER);
  }

  /**
   * EventStoreDB sends each event whole, seal included, so a history is the stream as read less its
   * seals: what the SQLite and PostgreSQL stores return (a RecordedEvent has no prevHash or hash).
   */
  async readHistory(streamId: string): Promise<RecordedEvent[]> {
    return (await this.readStream(streamId)).map(({ prevHash: _prevHash, hash: _hash, ...recorded }) => recorded);
  }

  /** One page of our events in $all, oldest first, strictly after `after` (see readAllPage for why it reads in rounds). */
  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    return readAllPage(this.client, options.after ?? 0, options.limit ?? DEFAULT_PAGE);
  }

  /** The commit position of our newest event. */
  async headPosition(): Promise<number> {
    return readHeadPosition(this.client);
  }

  /** Positions here are byte offsets in the server's transaction file: the events between two are counted by reading. */
  async countEventsAfter(after: number, atMost: number): Promise<number> {
    return countLogEntriesAfter(this.client, after, atMost);
  }

  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle {
    return subscribeToAllOf(this.client, this.subscriptions, after, handler, onError);
  }

  /**
   * Restore sealed events verbatim into a store holding none of ours yet, in the
   * export's global order so the Merkle roots come out the same. Their new commit
   * positions are the server's.
   *
   * Not all or nothing, unlike SQLite and PostgreSQL: EventStoreDB has no transaction
   * spanning appends. Everything is checked before the first write (hashes, chains, order,
   * the store empty, every event small enough for an append); a same-stream run over
   * MaxAppendSize is cut into several appends. A failure of the server or the network
   * after the first append leaves what was written, and RestoreStoppedPartWay says how much.
   */
  async importSealed(events: EventEnvelope[]): Promise<number> {
    checkSealedEvents(events);
    for (const event of events) assertOrdinaryName('stream id', event.streamId);
    if ((await this.headPosition()) !== 0) throw new Error('EventStoreDB already holds events of this application: a restore goes only into an empty store');
    await appendSealedRuns(this.client, events, this.options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE);
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
}
