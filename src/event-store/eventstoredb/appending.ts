import { AppendExpectedRevision, EventStoreDBClient, NO_STREAM as ESDB_NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
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
 * Writes already-sealed events verbatim, one stream run at a time in their global
 * order, each run at the revision it must follow, so $all receives them in the same
 * order (and the Merkle roots come out the same).
 */
export async function appendSealedRuns(client: EventStoreDBClient, events: EventEnvelope[]): Promise<void> {
  for (let start = 0; start < events.length; ) {
    let end = start + 1;
    while (end < events.length && events[end].streamId === events[start].streamId) end += 1;
    const run = events.slice(start, end);
    const conflict = await appendSealed(client, run[0].streamId, run[0].streamVersion - 1, run);
    if (conflict !== undefined) throw new ConcurrencyError(run[0].streamId, run[0].streamVersion - 1, conflict.actualVersion);
    start = end;
  }
}
