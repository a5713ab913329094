import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';

/** Streams whose version is held; past it the least recently asked are let go (a number each, so many). */
const HELD_STREAMS = 100_000;

/**
 * Streams' versions now, for the ETag of every read of one stream (an action's history, the
 * plan): the version held is brought up to date by reading only the events appended after it
 * (one range of the stream index, usually empty), not the whole stream. Reading and parsing
 * every event of the stream to take the last one's version cost a fifth of the server's time
 * on the day of a board meeting (issue 23), and more with every rating of the action: the
 * mixed day's fall. The log is append-only, so a version once seen stays true; what another
 * process appended is found by the same read.
 */
@Injectable()
export class StreamVersions {
  private readonly versions = new Map<string, number>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The stream's last event's streamVersion now, or undefined when it has none. */
  async versionOf(streamId: string): Promise<number | undefined> {
    const known = this.versions.get(streamId);
    const newer = await this.store.readStream(streamId, known === undefined ? {} : { afterVersion: known });
    const latest = newer.at(-1)?.streamVersion;
    // Another read of the same stream may have moved it on meanwhile: never step back.
    const version = latest === undefined ? known : known === undefined ? latest : Math.max(known, latest);
    if (version === undefined) return undefined;
    this.versions.delete(streamId); // re-inserted: a Map iterates in insertion order, so the first are the least recently asked
    this.versions.set(streamId, version);
    if (this.versions.size > HELD_STREAMS) this.versions.delete(this.versions.keys().next().value as string);
    return version;
  }
}
