import { Inject, Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../event-store/envelope';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { codeUnitOrder } from '../../code-unit-order';

/** Events of actions' streams held for their histories, across all streams; past it the least recently read streams are let go. */
const HELD_EVENTS = 200_000;

interface Entry {
  /** In effective order (effectiveAt, then global position): the order a history lists them in. */
  events: RecordedEvent[];
  /** The stream version of the last event held. */
  version: number;
}

/**
 * Actions' streams as last read for their histories, so a history reads only the events
 * appended since (one range of the stream index, usually empty) rather than parsing the
 * whole stream again: on the day of a board meeting an action's stream grows by hundreds of
 * ratings, and a history that re-read them all cost more with every one (~1.7 µs an event).
 * The log is append-only, so what was read stays true; what another process appended is
 * found by the same read. Events are taken in by stream version, each once, however
 * reads interleave.
 */
@Injectable()
export class ActionHistories {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The stream's events as the store holds them now (empty for a stream never written), in effective
   * order: effectiveAt, then global position, as a history lists them. Kept in that order as events
   * come in (one written now goes at the end; a backdated one before those effective after it), so a
   * history finds the events effective by its date with a binary search and sorts nothing: filtering
   * and sorting the whole stream cost each history more with every rating of the action.
   */
  async inEffectiveOrder(streamId: string): Promise<readonly RecordedEvent[]> {
    const known = this.entries.get(streamId);
    if (!known) {
      const events = await this.store.readHistory(streamId);
      if (events.length === 0) return events;
      return this.take(streamId, events);
    }
    const newer = await this.store.readStream(streamId, { afterVersion: known.version });
    return this.take(streamId, newer);
  }

  /** Events read, onto what is held of the stream (only those after its last version: another read may have taken them first). */
  private take(streamId: string, events: RecordedEvent[]): readonly RecordedEvent[] {
    let entry = this.entries.get(streamId);
    if (!entry) entry = { events: [], version: -1 };
    for (const event of events) {
      if (event.streamVersion <= entry.version) continue;
      insertInEffectiveOrder(entry.events, event);
      entry.version = event.streamVersion;
      this.held += 1;
    }
    // Re-inserted: a Map iterates in insertion order, so the first entries are the least recently read.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    for (const [oldest, { events: theirs }] of this.entries) {
      if (this.held <= HELD_EVENTS || oldest === streamId) break;
      this.entries.delete(oldest);
      this.held -= theirs.length;
    }
    return entry.events;
  }
}

/** After every event effective before it, or at the same instant and earlier in the log (binary search; no search for one effective last). */
function insertInEffectiveOrder(events: RecordedEvent[], event: RecordedEvent): void {
  const after = (held: RecordedEvent) => codeUnitOrder(held.metadata.effectiveAt, event.metadata.effectiveAt) || held.globalPosition - event.globalPosition;
  const n = events.length;
  if (n === 0 || after(events[n - 1]) < 0) {
    events.push(event);
    return;
  }
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(events[middle]) < 0) low = middle + 1;
    else high = middle;
  }
  events.splice(low, 0, event);
}
