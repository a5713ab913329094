import { DomainEvent, RecordedEvent } from '../../domain/decider';
import { EventEnvelope } from '../../event-store/envelope';
import { EventStore, NO_STREAM } from '../../event-store/event-store.port';
import { toRecorded } from './record-decision';

/**
 * Folded states of recently used streams. A command then reads only the events
 * appended since its stream was last folded (by this process or any other)
 * instead of the whole stream: an action rated monthly for five years is one
 * indexed read of zero or one rows, not sixty parsed and folded. Least recently
 * used entries are dropped past `capacity`. States are immutable (evolve returns
 * new objects), so sharing one between concurrent commands is safe.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, { state: S; version: number }>();

  constructor(private readonly capacity = 20_000) {}

  get(streamId: string): { state: S; version: number } | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // Re-insert to mark it as recently used: a Map iterates in insertion order.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, state: S, version: number): void {
    const known = this.entries.get(streamId);
    // Never step back: a slower load must not replace a state another command has already moved on.
    if (known && known.version > version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, version });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** A stream's state as folded from its events, through the cache: load it, and remember what was just appended. */
export class FoldedStreams<S, E extends DomainEvent> {
  private readonly cache: StreamStateCache<S>;

  constructor(
    private readonly store: EventStore,
    private readonly initial: () => S,
    private readonly evolve: (state: S, event: RecordedEvent<E>) => S,
    capacity: number,
  ) {
    this.cache = new StreamStateCache<S>(capacity);
  }

  async load(streamId: string): Promise<{ state: S; version: number }> {
    const cached = this.cache.get(streamId);
    const events = await this.store.readStream(streamId, cached ? { afterVersion: cached.version } : {});
    return this.remember(streamId, cached?.state ?? this.initial(), cached?.version ?? NO_STREAM, events);
  }

  /** Fold events (read, or just appended) onto a known state and keep the result for the next command. */
  remember(streamId: string, state: S, version: number, events: EventEnvelope[]): { state: S; version: number } {
    const folded = { state: events.reduce((s, e) => this.evolve(s, toRecorded<E>(e)), state), version: events.length > 0 ? events[events.length - 1].streamVersion : version };
    this.cache.set(streamId, folded.state, folded.version);
    return folded;
  }
}
