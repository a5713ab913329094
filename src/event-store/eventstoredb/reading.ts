import { BACKWARDS, END, ErrorType, EventStoreDBClient, FORWARDS, isCommandError, Position, ReadPosition, START, StreamNotFoundError } from '@eventstore/db-client';
import { InvalidInput } from '../../domain/errors';
import { EventEnvelope } from '../envelope';
import { isLogEntry, positionAt, toEnvelope } from './stored-event';

/** $all records read per round trip when looking for the newest event of ours. */
const HEAD_SCAN_BATCH = 100;
/**
 * Reads that decide what we write (the stream head) and read back what we wrote
 * must see the leader's state: a follower may lag, and a stale head would make us
 * report a conflict that did not happen.
 */
export const FROM_LEADER = { requiresLeader: true } as const;

/** Our events of one stream from a revision on; [] when the stream does not exist. */
export async function readStreamFrom(
  client: EventStoreDBClient,
  streamId: string,
  fromRevision: typeof START | bigint,
  maxCount: number,
  options: { requiresLeader?: boolean } = {},
): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  try {
    for await (const resolved of client.readStream(streamId, { direction: FORWARDS, fromRevision, maxCount, resolveLinkTos: false, ...options })) {
      const envelope = toEnvelope(resolved);
      if (envelope) events.push(envelope);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
}

/** The version and hash a new event chains onto; undefined for a stream not yet written. */
export async function readHead(client: EventStoreDBClient, streamId: string): Promise<{ streamVersion: number; hash: string } | undefined> {
  try {
    for await (const resolved of client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1, resolveLinkTos: false, ...FROM_LEADER })) {
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
export async function readAllPage(client: EventStoreDBClient, after: number, limit: number): Promise<EventEnvelope[]> {
  const page: EventEnvelope[] = [];
  if (limit <= 0) return page;
  let from: ReadPosition = after === 0 ? START : positionAt(after);
  let seenUpTo = BigInt(after);
  for (;;) {
    const wanted = limit - page.length + 1;
    let received = 0;
    const read = client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: wanted, resolveLinkTos: false });
    for await (const resolved of refusingUnknownPosition(read, after, after !== 0 && seenUpTo === BigInt(after))) {
      received += 1;
      const position: Position | undefined = resolved.event?.position;
      if (!position || position.commit <= seenUpTo) continue;
      seenUpTo = position.commit;
      from = position;
      // Past a full page only to learn whether the log goes on: an unreadable entry there belongs to the next page.
      if (page.length >= limit) continue;
      const envelope = toEnvelope(resolved);
      if (envelope) page.push(envelope);
    }
    if (page.length >= limit || received < wanted) return page;
  }
}

/** The commit position of the newest entry of our log: the same filter as readAllPage, read backwards from the end. */
export async function readHeadPosition(client: EventStoreDBClient): Promise<number> {
  let from: ReadPosition = END;
  let seenDownTo: bigint | undefined;
  for (;;) {
    let received = 0;
    let found: number | undefined;
    const read = client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_SCAN_BATCH, resolveLinkTos: false });
    for await (const resolved of read) {
      received += 1;
      const position: Position | undefined = resolved.event?.position;
      // Backwards reads exclude the start position; the guard only protects against a server that does not.
      if (!position || (seenDownTo !== undefined && position.commit >= seenDownTo)) continue;
      seenDownTo = position.commit;
      from = position;
      // The newest entry of the log, readable or not (an unreadable one is reported where it is read).
      if (isLogEntry(resolved)) {
        found = Number(position.commit);
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

/**
 * A caller's `after` that is not a position the server handed out (one inside a record, or
 * past what it can read) makes the server end the read with an error status and no exception
 * name, which the client reports as an UnknownError (or an InvalidArgumentError): the caller's
 * mistake, so a 400 naming the parameter rather than a 500. Only the first round can meet it:
 * later rounds start at a record the server sent.
 */
async function* refusingUnknownPosition<T>(read: AsyncIterable<T>, after: number, firstRound: boolean): AsyncGenerator<T> {
  try {
    yield* read;
  } catch (error) {
    if (firstRound && isInvalidPosition(error)) {
      throw new InvalidInput('after', `${after} is not the position of an event in this EventStoreDB log; give 0, or a globalPosition an earlier page returned`);
    }
    throw error;
  }
}

/** gRPC status codes (grpc-js is the client's dependency, not ours). */
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_OUT_OF_RANGE = 11;

function isInvalidPosition(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  // Not verified against a server: which status it uses is a guess, so any refusal naming the position counts too.
  if (/position/i.test(error.message) && error.type !== ErrorType.UNAVAILABLE && error.type !== ErrorType.ACCESS_DENIED) return true;
  if (error.type !== ErrorType.UNKNOWN && error.type !== ErrorType.INVALID_ARGUMENT) return false;
  return error.code === GRPC_OUT_OF_RANGE || error.code === GRPC_INVALID_ARGUMENT;
}

/** Records read per round trip when counting the log's events. */
const COUNT_BATCH = 1000;

/**
 * How many entries of our log (ours or unreadable, as headPosition counts them) come after
 * `after`, reading $all forwards and stopping once `atMost` are found: positions are byte
 * offsets, so only reading tells how many events lie between two of them.
 */
export async function countLogEntriesAfter(client: EventStoreDBClient, after: number, atMost: number): Promise<number> {
  let count = 0;
  let from: ReadPosition = after === 0 ? START : positionAt(after);
  let seenUpTo = BigInt(after);
  while (count < atMost) {
    let received = 0;
    const read = client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: COUNT_BATCH, resolveLinkTos: false });
    for await (const resolved of read) {
      received += 1;
      const position: Position | undefined = resolved.event?.position;
      if (!position || position.commit <= seenUpTo) continue;
      seenUpTo = position.commit;
      from = position;
      if (isLogEntry(resolved)) count += 1;
      if (count >= atMost) break;
    }
    if (count >= atMost) {
      await read.cancel();
      break;
    }
    if (received < COUNT_BATCH) break;
  }
  return Math.min(count, atMost);
}
