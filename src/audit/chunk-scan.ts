import { EventEnvelope } from '../event-store/envelope';
import { isUnreadable } from '../event-store/unreadable-event';
import { LogEntry } from './log-reader';
import { HASH_BYTES, leafHash } from './merkle';
import { rehashEvent, unsealedFields } from './rehash';

/** How one stream enters and leaves a chunk of the log, so consecutive chunks can be stitched together. */
export interface StreamSpan {
  streamId: string;
  firstVersion: number;
  firstPrevHash: string | null;
  lastVersion: number;
  lastHash: string;
}

/** An event whose own hash does not check out, by its offset in the chunk. */
export interface AlteredEntry {
  offset: number;
  globalPosition: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  detail: string;
}

/**
 * An event that says an evidence file is kept or lawfully erased, so verify can
 * check the files afterwards. Only from events whose own hash holds: an altered
 * erasure is no excuse for a missing file (its alteration is reported anyway).
 */
export interface EvidenceMention {
  offset: number;
  globalPosition: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  evidenceId: string;
  fileHash: string;
  erased: boolean;
  /** The submission recorded the file's size: its bytes were uploaded here. A hash given alone (CLI --file-hash) brings no file. */
  uploaded: boolean;
}

/**
 * Everything verify needs from one chunk of the log, computed without looking at
 * any other chunk: the leaves of the Merkle tree, the events whose hash fails, and
 * per stream its first and last event. A chunk scan is plain data, so it can be
 * computed in a worker thread and posted back (the leaves buffer is transferable).
 */
export interface ChunkScan {
  count: number;
  firstPosition: number;
  lastPosition: number;
  /** count × 32 bytes: RFC 6962 leaf hashes of the events' stored hashes, in log order. */
  leaves: Uint8Array;
  altered: AlteredEntry[];
  spans: StreamSpan[];
  /** Streams whose events inside this chunk do not follow one another (version + 1, prevHash = previous hash). */
  brokenStreams: string[];
  evidence: EvidenceMention[];
  /** The chunk's last event, so a report about the log's end can name it. */
  last?: { globalPosition: number; eventId: string; streamId: string; streamVersion: number };
}

export function scanChunk(entries: LogEntry[]): ChunkScan {
  const scanner = new ChunkScanner(entries.length);
  scanner.add(entries);
  return scanner.finish();
}

/**
 * Builds a chunk scan page by page, so a worker can let each page of events go
 * as soon as it is hashed: holding a whole chunk of envelopes until the end
 * pushes them into the old generation and doubles the garbage collector's work.
 */
export class ChunkScanner {
  private leaves: Buffer;
  private count = 0;
  private firstPosition = 0;
  private lastPosition = 0;
  private readonly altered: AlteredEntry[] = [];
  private readonly spans = new Map<string, StreamSpan>();
  private readonly broken = new Set<string>();
  private readonly evidence: EvidenceMention[] = [];
  /** Kept by reference, not copied: this loop runs once per event of the log. */
  private lastEntry?: LogEntry;

  constructor(expected = 1024) {
    // Never from the shared pool: the buffer is transferred out of a worker thread.
    this.leaves = Buffer.allocUnsafeSlow(Math.max(1, expected) * HASH_BYTES);
  }

  add(entries: LogEntry[]): void {
    if ((this.count + entries.length) * HASH_BYTES > this.leaves.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.leaves.length, (this.count + entries.length) * HASH_BYTES));
      this.leaves.copy(grown, 0, 0, this.count * HASH_BYTES);
      this.leaves = grown;
    }
    for (const entry of entries) {
      const offset = this.count++;
      if (offset === 0) this.firstPosition = entry.globalPosition;
      this.lastPosition = entry.globalPosition;
      const problem = isUnreadable(entry) ? entry.problem : hashProblem(entry);
      if (problem !== undefined) {
        this.altered.push({ offset, globalPosition: entry.globalPosition, eventId: entry.eventId, streamId: entry.streamId, streamVersion: entry.streamVersion, detail: problem });
      } else if (!isUnreadable(entry) && (entry.type === 'EvidenceSubmitted' || entry.type === 'EvidenceRedacted')) {
        const data = entry.data as { evidenceId?: unknown; fileHash?: unknown; fileSize?: unknown };
        if (typeof data.evidenceId === 'string' && typeof data.fileHash === 'string') {
          this.evidence.push({ offset, globalPosition: entry.globalPosition, eventId: entry.eventId, streamId: entry.streamId, streamVersion: entry.streamVersion, evidenceId: data.evidenceId, fileHash: data.fileHash, erased: entry.type === 'EvidenceRedacted', uploaded: typeof data.fileSize === 'number' });
        }
      }
      this.lastEntry = entry;
      leafHash(String(entry.hash)).copy(this.leaves, offset * HASH_BYTES);
      const span = this.spans.get(entry.streamId);
      if (span) {
        if (entry.streamVersion !== span.lastVersion + 1 || entry.prevHash !== span.lastHash) this.broken.add(entry.streamId);
        span.lastVersion = entry.streamVersion;
        span.lastHash = entry.hash;
      } else {
        this.spans.set(entry.streamId, {
          streamId: entry.streamId,
          firstVersion: entry.streamVersion,
          firstPrevHash: entry.prevHash,
          lastVersion: entry.streamVersion,
          lastHash: entry.hash,
        });
      }
    }
  }

  finish(): ChunkScan {
    return {
      count: this.count,
      firstPosition: this.firstPosition,
      lastPosition: this.lastPosition,
      leaves: this.leaves.subarray(0, this.count * HASH_BYTES),
      altered: this.altered,
      spans: [...this.spans.values()],
      brokenStreams: [...this.broken],
      evidence: this.evidence,
      last: this.lastEntry && { globalPosition: this.lastEntry.globalPosition, eventId: this.lastEntry.eventId, streamId: this.lastEntry.streamId, streamVersion: this.lastEntry.streamVersion },
    };
  }
}

/** Why this event's stored hash is not the hash of its contents, or undefined when it is. */
export function hashProblem(event: EventEnvelope): string | undefined {
  let recomputed: string;
  try {
    recomputed = rehashEvent(event);
  } catch (error) {
    return `its contents can no longer be hashed (${(error as Error).message}): it was altered`;
  }
  if (recomputed !== event.hash) return `its contents hash to ${recomputed}, but its stored hash is ${event.hash}: it was altered after it was recorded`;
  const extra = unsealedFields(event);
  if (extra.length > 0) return `it carries ${extra.join(', ')}, which its hash does not cover: it was altered after it was recorded`;
  return undefined;
}
