import { EventEnvelope } from './envelope';
import { EventStore } from './event-store.port';
import { hashEvent } from './hashing';

/**
 * Restoring an export: events go in exactly as they were sealed (their eventId,
 * recordedAt, prevHash and hash), in their original global order, so the restored
 * log hashes to the same Merkle roots as the one exported. Only into an empty
 * store: splicing an old log into a live one would fork every chain.
 */
export interface SealedEventImport {
  /**
   * Throws, writing nothing, when the store is not empty or any event's hash or chain link does not
   * check out. SQLite and PostgreSQL then write in one transaction: all or nothing. EventStoreDB cannot
   * (no transaction across appends): it checks everything first, but a server or network failure
   * during the writes leaves the events before it written, and its error (RestoreStoppedPartWay) says so.
   */
  importSealed(events: EventEnvelope[]): Promise<number>;
}

export function canImportSealed(store: EventStore): store is EventStore & SealedEventImport {
  return typeof (store as Partial<SealedEventImport>).importSealed === 'function';
}

/**
 * The checks both adapters run before writing anything: every hash recomputes,
 * every stream's versions run 0,1,2… with each prevHash naming the event before,
 * and global positions only increase.
 */
export function checkSealedEvents(events: EventEnvelope[]): void {
  const heads = new Map<string, { version: number; hash: string }>();
  let lastPosition = 0;
  for (const event of events) {
    const at = `event ${event.eventId} (${event.streamId} v${event.streamVersion})`;
    if (!Number.isSafeInteger(event.globalPosition) || event.globalPosition <= lastPosition) {
      throw new Error(`${at} has global position ${event.globalPosition}, not after ${lastPosition}: the events are not in log order`);
    }
    lastPosition = event.globalPosition;
    if (hashEvent(event) !== event.hash) throw new Error(`${at} does not hash to its stored hash: it was altered`);
    const head = heads.get(event.streamId);
    const expectedVersion = head ? head.version + 1 : 0;
    if (event.streamVersion !== expectedVersion) throw new Error(`${at} should be version ${expectedVersion} of its stream`);
    if (event.prevHash !== (head ? head.hash : null)) throw new Error(`${at} does not link to the event before it in its stream`);
    heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
  }
}
