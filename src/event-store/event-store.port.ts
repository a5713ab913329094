import { ExpectedVersion } from '../domain/stream-version';
import { EventEnvelope, NewEvent, RecordedEvent } from './envelope';

// Versions and the conflict error belong to the domain; re-exported so adapters and tools keep one import.
export { ANY_VERSION, NO_STREAM } from '../domain/stream-version';
export type { ExpectedVersion } from '../domain/stream-version';
export { ConcurrencyError } from '../domain/errors';

export interface AppendResult {
  /** streamVersion of the last event appended. */
  nextExpectedVersion: number;
  events: EventEnvelope[];
}

export interface StreamAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface ReadAllOptions {
  /** Return events whose globalPosition is strictly greater than this; 0 (the default) reads from the start. */
  after?: number;
  /** Maximum number of events in one page. */
  limit?: number;
}

export interface SubscriptionHandle {
  close(): Promise<void>;
  /**
   * Why the subscription is not receiving the log right now, when it is not: a store reached over
   * the network (EventStoreDB) loses its subscription when the server restarts, the leader changes
   * or the network drops, and follows again by itself; meanwhile the read side is not current, and
   * health and readiness must say so. Absent (or undefined) while following; stores in the same
   * process (SQLite, PostgreSQL's polling) never report one.
   */
  down?(): SubscriptionDown | undefined;
}

export interface SubscriptionDown {
  /** What happened, in words: the drop's cause, and what the store is doing about it. */
  reason: string;
  since: string;
  /** Attempts to follow again so far. */
  attempts: number;
}

/**
 * Called for every event in global order. A rejected promise stops the subscription
 * and is reported to `onError`: a projector must never skip an event it failed on.
 */
export type EventHandler = (event: EventEnvelope) => Promise<void> | void;

export interface EventStore {
  /** Which adapter this is, for logs and health checks. */
  readonly kind: string;
  /**
   * Append atomically: either every event lands, in order, or none does.
   * Throws ConcurrencyError when the stream's version is not `expectedVersion`.
   */
  append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult>;
  /**
   * Append to several streams at once (an import). The SQLite store does it in one
   * transaction, all or nothing; a store that cannot span streams atomically
   * appends stream by stream, each stream all or nothing, and says so in `atomicAcrossStreams`.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  readonly atomicAcrossStreams: boolean;
  /**
   * The events of one stream in stream order; [] when the stream does not exist.
   * With `afterVersion`, only those with a greater streamVersion: how a cached
   * state catches up without re-reading the whole stream.
   */
  readStream(streamId: string, options?: { afterVersion?: number }): Promise<EventEnvelope[]>;
  /**
   * The same events without their seals, for a history that shows what happened rather
   * than proves it: the two hashes are most of what an inspector's read need not fetch.
   */
  readHistory(streamId: string): Promise<RecordedEvent[]>;
  /** One page of the whole log in global order. */
  readAll(options?: ReadAllOptions): Promise<EventEnvelope[]>;
  /** The globalPosition of the newest event, 0 when the log is empty. */
  headPosition(): Promise<number>;
  /**
   * How many events of the log come after `after`, counted up to `atMost` (the answer is then
   * `atMost`: at least that many). Only for a store whose positions are not event counts —
   * EventStoreDB's are byte offsets into its transaction file, so head minus checkpoint is bytes,
   * not events — and only where an event count is needed (the projection's lag, READY_MAX_LAG).
   * Stores without it number their events 1, 2, 3…: a difference of positions is the count.
   */
  countEventsAfter?(after: number, atMost: number): Promise<number>;
  /**
   * Catch-up subscription: delivers every event after `after` in global order,
   * then keeps delivering new ones as they are appended.
   */
  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
