import { ANY_VERSION, AppendResult, StreamAppend } from '../event-store.port';
import { StreamHead } from './appending';

/** Streams whose head this process remembers at most; past it the memory starts again empty (a cost, never a wrong answer). */
const MAX_STREAMS = 10_000;

/**
 * The heads of the streams this process appended to or read the heads of last: an append can seal
 * onto them without first asking the database, one round trip fewer, and appends queued behind
 * one call reach the next together. Only a hint: another server may have extended the stream
 * since, and then append_events, which checks each stream's version and hash under the lock,
 * leaves the append out and the store reads the heads from the log and tries again. A remembered
 * head that disagrees with what the caller expects is never used to refuse it: the log decides.
 */
export class KnownHeads {
  private readonly heads = new Map<string, StreamHead>();

  /** The remembered heads of every stream named, if all are remembered and each agrees with its first append's expected version. */
  lookup(appends: StreamAppend[]): Map<string, StreamHead> | undefined {
    const found = new Map<string, StreamHead>();
    for (const { streamId, expectedVersion } of appends) {
      if (found.has(streamId)) continue;
      const head = this.heads.get(streamId);
      if (!head || (expectedVersion !== ANY_VERSION && expectedVersion !== head.version)) return undefined;
      found.set(streamId, head);
    }
    return found;
  }

  remember(heads: Map<string, StreamHead>): void {
    if (this.heads.size + heads.size > MAX_STREAMS) this.heads.clear();
    for (const [streamId, head] of heads) this.heads.set(streamId, head);
  }

  /** The heads an append acknowledged: its streams' last events. */
  rememberAppended(results: AppendResult[]): void {
    const heads = new Map<string, StreamHead>();
    for (const { events } of results) {
      const last = events[events.length - 1];
      if (last) heads.set(last.streamId, { version: last.streamVersion, hash: last.hash });
    }
    this.remember(heads);
  }

  forget(streamIds: string[]): void {
    for (const id of streamIds) this.heads.delete(id);
  }
}
