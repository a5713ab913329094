import { AppendExpectedRevision, EventStoreDBClient, MaxAppendSizeExceededError, NO_STREAM as ESDB_NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { AppendTooLarge } from '../append-too-large';
import { EventEnvelope, NewEvent } from '../envelope';
import { ANY_VERSION, AppendResult, ConcurrencyError, ExpectedVersion, NO_STREAM } from '../event-store.port';
import { FROM_LEADER, readHead, readStreamFrom } from './reading';
import { assertOrdinaryName, seal, SealedEvent, toEventData } from './stored-event';

/** How many times an ANY_VERSION append re-reads the head after losing a race before giving up. */
const ANY_VERSION_ATTEMPTS = 5;

/**
 * Appends to one stream, chained onto its head. EventStoreDB checks the revision we
 * chained from, so two writers cannot both extend the same head.
 */
export async function appendChained(client: EventStoreDBClient, streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
  assertOrdinaryName('stream id', streamId);
  for (let attempt = 1; ; attempt++) {
    const head = await readHead(client, streamId);
    const current = head ? head.streamVersion : NO_STREAM;
    if (expectedVersion !== ANY_VERSION && expectedVersion !== current) throw new ConcurrencyError(streamId, expectedVersion, current);
    if (events.length === 0) return { nextExpectedVersion: current, events: [] };
    // Sealing throws on data that is not JSON, before anything is sent: a bad batch appends nothing.
    const sealed = seal(streamId, current, head ? head.hash : null, events);
    const conflict = await appendSealed(client, streamId, current, sealed);
    if (conflict === undefined) {
      const written = await readBack(client, streamId, expectedVersion, sealed);
      return { nextExpectedVersion: written[written.length - 1].streamVersion, events: written };
    }
    // Someone appended between our read of the head and our write. With a number
    // or NO_STREAM that is the caller's conflict; with ANY_VERSION we re-read and
    // re-chain from the new head (never append blind, or the hash chain would fork).
    if (expectedVersion === ANY_VERSION && attempt < ANY_VERSION_ATTEMPTS) continue;
    throw new ConcurrencyError(streamId, expectedVersion, conflict.actualVersion);
  }
}

/**
 * Writes sealed events at the revision after `current`, as one call so the server
 * writes the whole batch or none of it. undefined when they were appended; otherwise
 * the stream's actual version.
 */
export async function appendSealed(client: EventStoreDBClient, streamId: string, current: number, sealed: SealedEvent[]): Promise<{ actualVersion: number } | undefined> {
  // Always the revision we chained from, never ANY: the server's check is what
  // stops two writers from both extending the same head.
  const expectedRevision: AppendExpectedRevision = current === NO_STREAM ? ESDB_NO_STREAM : BigInt(current);
  try {
    const result = await client.appendToStream(streamId, sealed.map(toEventData), { expectedRevision });
    // Only reached with throwOnAppendFailure=false in the connection string.
    if (!result.success) return { actualVersion: (await readHead(client, streamId))?.streamVersion ?? NO_STREAM };
    return undefined;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) {
      return { actualVersion: error.actualVersion === ESDB_NO_STREAM ? NO_STREAM : Number(error.actualVersion) };
    }
    // The server refused the whole append (nothing written) for its size: the input is too large, a 400.
    if (error instanceof MaxAppendSizeExceededError) throw new AppendTooLarge(streamId, appendSize(sealed), error.maxAppendSize);
    throw error;
  }
}

/** The events we just wrote, as stored, now that the server has given them positions. */
async function readBack(client: EventStoreDBClient, streamId: string, expectedVersion: ExpectedVersion, sealed: SealedEvent[]): Promise<EventEnvelope[]> {
  const written = await readStreamFrom(client, streamId, BigInt(sealed[0].streamVersion), sealed.length, FROM_LEADER);
  const ours = written.length === sealed.length && written.every((e, i) => e.eventId === sealed[i].eventId && e.hash === sealed[i].hash);
  // Only possible if the server deduplicated our event ids against events someone else wrote.
  if (!ours) throw new ConcurrencyError(streamId, expectedVersion, written.length > 0 ? written[written.length - 1].streamVersion : NO_STREAM);
  return written;
}

/**
 * About what the server counts against MaxAppendSize for one event: its data and metadata bytes and
 * its type (EventStoreDB's Event.SizeOnDisk counts the type twice, as UTF-16), as the client sends them.
 */
export function eventSize(event: SealedEvent): number {
  const { data, metadata, type } = toEventData(event);
  return Buffer.byteLength(JSON.stringify(data)) + Buffer.byteLength(JSON.stringify(metadata)) + 2 * Buffer.byteLength(type);
}

export function appendSize(events: SealedEvent[]): number {
  return events.reduce((sum, e) => sum + eventSize(e), 0);
}

/**
 * The appends a restore makes: one stream run at a time in global order (so $all receives the
 * events in the export's order and the Merkle roots come out the same), each run cut into appends
 * of at most `maxAppendSize` bytes, each at the revision it must follow. Throws, before anything is
 * written, when one event alone is over the limit: no append could carry it.
 */
export function planRestoreAppends(events: EventEnvelope[], maxAppendSize: number): EventEnvelope[][] {
  const appends: EventEnvelope[][] = [];
  let current: EventEnvelope[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = eventSize(event);
    if (bytes > maxAppendSize) {
      throw new Error(
        `Event ${event.eventId} (${event.streamId} v${event.streamVersion}) is about ${bytes} bytes, over EventStoreDB's MaxAppendSize of ${maxAppendSize} bytes: ` +
          'no append can carry it, so nothing was restored. Raise the server\'s MaxAppendSize (and EVENTSTORE_MAX_APPEND_SIZE to match) to restore this export.',
      );
    }
    const sameRun = current.length > 0 && current[current.length - 1].streamId === event.streamId;
    if (!sameRun || size + bytes > maxAppendSize) {
      if (current.length > 0) appends.push(current);
      current = [];
      size = 0;
    }
    current.push(event);
    size += bytes;
  }
  if (current.length > 0) appends.push(current);
  return appends;
}

/** A restore the server stopped part-way: EventStoreDB has no transaction across appends, so what went before stays. */
export class RestoreStoppedPartWay extends Error {
  constructor(
    readonly written: number,
    readonly total: number,
    override readonly cause: unknown,
  ) {
    super(
      `The restore into EventStoreDB stopped after ${written} of ${total} events: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `EventStoreDB cannot undo appends, so those ${written} events stay; the store is no longer empty, and a second restore will refuse. ` +
        'Restore into a fresh EventStoreDB database (a new data directory) once the cause is fixed.',
    );
    this.name = 'RestoreStoppedPartWay';
  }
}

/**
 * Writes already-sealed events verbatim (see planRestoreAppends). Everything that can be checked is
 * checked before the first append (planRestoreAppends refuses an event no append can carry); a
 * failure of the server or the network after that leaves the appends before it written, and says so.
 */
export async function appendSealedRuns(client: EventStoreDBClient, events: EventEnvelope[], maxAppendSize: number): Promise<void> {
  const appends = planRestoreAppends(events, maxAppendSize);
  let written = 0;
  for (const batch of appends) {
    try {
      const conflict = await appendSealed(client, batch[0].streamId, batch[0].streamVersion - 1, batch);
      if (conflict !== undefined) throw new ConcurrencyError(batch[0].streamId, batch[0].streamVersion - 1, conflict.actualVersion);
    } catch (error) {
      if (written === 0) throw error;
      throw new RestoreStoppedPartWay(written, events.length, error);
    }
    written += batch.length;
  }
}
