/**
 * The one test double these suites allow: the NETWORK side of `@eventstore/db-client`, since no
 * EventStoreDB server can run here. Everything on our side of it is the client's own code: reads
 * and subscriptions are the client's ReadStream and Subscription classes fed the server's protobuf
 * messages (ReadResp), converted by the client's convertGrpcEvent, so positions arrive exactly as the
 * client builds them ({ commit, prepare } bigints, and "0" for a position the server left unset);
 * failures are the client's error classes, built the way the client builds them from a gRPC status.
 *
 * The log imitates the server's: positions are byte offsets into the transaction file (each record
 * advances it by its size plus a header), $all holds system records beside the streams' events, and
 * an append over `maxAppendSize` bytes (the server's default is 1 MiB) is refused whole.
 */
import { Metadata, status } from '@grpc/grpc-js';
import { PassThrough } from 'stream';
import {
  AppendExpectedRevision,
  AppendResult,
  BACKWARDS,
  convertToCommandError,
  END,
  EventData,
  MaxAppendSizeExceededError,
  NO_STREAM,
  ANY,
  Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { convertGrpcEvent, createUUID } from '@eventstore/db-client/dist/utils';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';

export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
const RECORD_HEADER_BYTES = 120;

export interface StoredRecord {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
  commit: bigint;
}

/** A gRPC call as grpc-js hands it to the client: a readable of messages that can be cancelled. */
class FakeCall extends PassThrough {
  cancelled = false;
  constructor() {
    super({ objectMode: true });
  }
  cancel(): void {
    this.cancelled = true;
    this.end();
  }
  /** What grpc-js emits when the server or the network ends the call with a status other than OK. */
  failWith(code: status, details: string, exception?: string, more: Record<string, string> = {}): void {
    const metadata = new Metadata();
    if (exception) metadata.set('exception', exception);
    for (const [key, value] of Object.entries(more)) metadata.set(key, value);
    this.emit('error', Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata }));
  }
}

export class FakeNetworkClient {
  readonly log: StoredRecord[] = [];
  /** Positions the server hands out start after its own first records (the epoch), never at 0. */
  private nextPosition = 4096n;
  /** As an EventStoreDB older than 22.6 does: stream reads carry no event positions. */
  reportPositionsOnStreamReads = true;
  maxAppendSize = DEFAULT_MAX_APPEND_SIZE;
  /** Every append call, as sent: [stream, number of events]. */
  readonly appendCalls: Array<[string, number]> = [];
  /** Every subscribeToAll call, and the calls themselves, so a test can drop one. */
  readonly subscriptions: Array<{ fromPosition: Position | typeof START; call: FakeCall }> = [];
  /** While the node is unreachable: every read fails as the network fails it. */
  unavailable = false;
  /** While the server is down: each new subscription fails at once. */
  refuseSubscriptions = false;
  /** While the server is coming back: subscriptions are opened but not yet confirmed. */
  withholdConfirmation = false;
  /** Set to make the next append fail as the server would (after `failAfterAppends` appends went through). */
  failAppendWith?: { after: number; error: () => Error };

  constructor() {
    // The server's own records: $all is never only ours.
    this.write('$settings', [{ type: '$settings', data: { system: true } }]);
  }

  /** Writes records straight into the log, bypassing our adapter: the server's own, or someone else's. */
  write(streamId: string, events: Array<{ type: string; data: unknown; metadata?: unknown; contentType?: string; raw?: Buffer }>): StoredRecord[] {
    const written: StoredRecord[] = [];
    for (const e of events) {
      const revision = BigInt(this.log.filter((r) => r.streamId === streamId).length);
      const data = e.raw ?? Buffer.from(JSON.stringify(e.data));
      const metadata = e.metadata === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(e.metadata));
      const record = { streamId, revision, id: createUUIDString(), type: e.type, contentType: e.contentType ?? 'application/json', data, metadata, commit: this.nextPosition };
      this.nextPosition += BigInt(RECORD_HEADER_BYTES + data.length + metadata.length + e.type.length);
      this.log.push(record);
      written.push(record);
      // Live subscriptions receive what is appended while they are open.
      for (const s of this.subscriptions) if (!s.call.cancelled && !s.call.writableEnded) s.call.write(this.allMessage(record));
    }
    return written;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> {
    const batch = Array.isArray(events) ? events : [events];
    this.appendCalls.push([streamName, batch.length]);
    if (this.failAppendWith && this.appendCalls.length > this.failAppendWith.after) throw this.failAppendWith.error();
    const current = this.log.filter((r) => r.streamId === streamName).length - 1;
    const expected = options.expectedRevision ?? ANY;
    const matches = expected === ANY || (expected === NO_STREAM ? current === -1 : typeof expected === 'bigint' && BigInt(current) === expected);
    if (!matches) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current === -1 ? NO_STREAM : BigInt(current) });
    // The server sums each event's data, metadata and type, and refuses the whole append over its limit.
    const size = batch.reduce((sum, e) => sum + jsonBytes(e.data) + jsonBytes(e.metadata) + Buffer.byteLength(e.type), 0);
    if (size > this.maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(this.maxAppendSize);
    const written = this.write(
      streamName,
      batch.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
    );
    // The event id we sent is the one stored (the client generates one when we give none).
    written.forEach((r, i) => (r.id = batch[i].id));
    const last = written[written.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.commit, prepare: last.commit } };
  }

  readStream(streamName: string, options: { fromRevision?: typeof START | typeof END | bigint; maxCount?: number | bigint; direction?: string } = {}) {
    return this.respond(() => {
      const records = this.log.filter((r) => r.streamId === streamName);
      if (records.length === 0) {
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(streamName)));
        return [new ReadResp().setStreamNotFound(notFound)];
      }
      const backwards = options.direction === BACKWARDS;
      const from = options.fromRevision ?? (backwards ? END : START);
      let chosen = backwards ? [...records].reverse() : records;
      if (typeof from === 'bigint') chosen = chosen.filter((r) => (backwards ? r.revision <= from : r.revision >= from));
      chosen = chosen.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
      return chosen.map((r) => this.message(r, this.reportPositionsOnStreamReads, false));
    });
  }

  readAll(options: { fromPosition?: typeof START | typeof END | Position; maxCount?: number | bigint; direction?: string } = {}) {
    return this.respond(() => {
      const backwards = options.direction === BACKWARDS;
      const from = options.fromPosition ?? (backwards ? END : START);
      if (typeof from === 'object' && !this.log.some((r) => r.commit === from.commit) && from.commit !== this.nextPosition) {
        return 'invalid-position';
      }
      let chosen = backwards ? [...this.log].reverse() : this.log;
      // Forwards includes the record at the position; backwards starts before it.
      if (typeof from === 'object') chosen = chosen.filter((r) => (backwards ? r.commit < from.commit : r.commit >= from.commit));
      chosen = chosen.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
      return chosen.map((r) => this.message(r, true, true));
    });
  }

  subscribeToAll(options: { fromPosition?: typeof START | Position } = {}) {
    const call = new FakeCall();
    const fromPosition = options.fromPosition ?? START;
    this.subscriptions.push({ fromPosition, call });
    // A node that is down refuses the connection: the call fails as soon as it is made.
    if (this.refuseSubscriptions) {
      setTimeout(() => call.failWith(status.UNAVAILABLE, 'No connection established'), 1);
      return new Subscription(async () => call as never, convertGrpcEvent as never, {});
    }
    // The server confirms a subscription before it sends anything.
    if (!this.withholdConfirmation) call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(`sub-${this.subscriptions.length}`)));
    const after = fromPosition === START ? -1n : fromPosition.commit;
    // A catch-up subscription from a position starts AFTER it.
    for (const r of this.log) if (r.commit > after) call.write(this.allMessage(r));
    return new Subscription(async () => call as never, convertGrpcEvent as never, {});
  }

  /** Sends a record appended since a subscription was opened, as the server does to a live subscription. */
  /** The confirmation a server that has come back sends on a subscription it held unconfirmed. */
  confirm(to = this.subscriptions[this.subscriptions.length - 1]): void {
    to.call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId('confirmed')));
  }

  deliver(record: StoredRecord, to = this.subscriptions[this.subscriptions.length - 1]): void {
    to.call.write(this.allMessage(record));
  }

  async dispose(): Promise<void> {}

  private allMessage(r: StoredRecord): ReadResp {
    return this.message(r, true, true);
  }

  private respond(answer: () => ReadResp[] | 'invalid-position') {
    const call = new FakeCall();
    const stream = new ReadStream(async () => call as never, convertGrpcEvent as never, {});
    setImmediate(() => {
      const messages = answer();
      // What the server answers to a read of $all from a position that is not a record's: the call
      // ends with an error status and no exception name, which the client turns into an UnknownError.
      if (messages === 'invalid-position') return call.failWith(status.OUT_OF_RANGE, 'Invalid position.');
      if (this.unavailable) return call.failWith(status.UNAVAILABLE, 'Connection dropped');
      for (const m of messages) call.write(m);
      call.end();
    });
    return stream;
  }

  private message(r: StoredRecord, withPosition: boolean, withCommitPosition: boolean): ReadResp {
    const recorded = new ReadResp.ReadEvent.RecordedEvent()
      .setId(createUUID(r.id))
      .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(r.streamId)))
      .setStreamRevision(r.revision.toString())
      .setData(r.data)
      .setCustomMetadata(r.metadata);
    if (withPosition) recorded.setCommitPosition(r.commit.toString()).setPreparePosition(r.commit.toString());
    const map = recorded.getMetadataMap();
    map.set('type', r.type);
    map.set('content-type', r.contentType);
    map.set('created', (BigInt(Date.now()) * 10000n).toString());
    const event = new ReadResp.ReadEvent().setEvent(recorded);
    if (withCommitPosition) event.setCommitPosition(r.commit.toString());
    else event.setNoPosition(new Empty());
    return new ReadResp().setEvent(event);
  }
}

export type DroppableCall = FakeCall;

function jsonBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value instanceof Uint8Array) return value.length;
  return Buffer.byteLength(JSON.stringify(value));
}

function createUUIDString(): string {
  return require('crypto').randomUUID();
}

export { convertToCommandError };
