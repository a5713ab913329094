import { EventEnvelope, NewEvent, RecordedEvent } from './envelope';

/** The stream must not exist yet. */
export const NO_STREAM = -1 as const;
/** Append whatever the stream's current version is (only for tooling, never for commands). */
export const ANY_VERSION = 'any' as const;

/** The version (0-based streamVersion of the last event) the caller last saw, NO_STREAM, or ANY_VERSION. */
export type ExpectedVersion = number | typeof ANY_VERSION;

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
   * Catch-up subscription: delivers every event after `after` in global order,
   * then keeps delivering new ones as they are appended.
   */
  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** The stream moved on since the caller read it: someone else wrote first. Maps to HTTP 409. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      `Someone else changed ${streamId} while you were working on it ` +
        `(you expected version ${describe(expectedVersion)}, it is now at ${describe(actualVersion)}). ` +
        `Reload and try again.`,
    );
    this.name = 'ConcurrencyError';
  }
}

function describe(version: ExpectedVersion): string {
  return version === NO_STREAM ? 'none (a new stream)' : String(version);
}
