/**
 * What can still be read of an event whose stored JSON (data or metadata) no
 * longer parses: the columns that are plain values. Only tampering or disk
 * corruption produces one, so the store refuses to hand it out as an envelope,
 * but verify needs its position, ids and hashes to say which event was damaged.
 */
export interface UnreadableEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  prevHash: string | null;
  hash: string;
  /** Which part could not be read, and why. */
  problem: string;
}

export class UnreadableEventError extends Error {
  constructor(readonly event: UnreadableEvent) {
    super(`event ${event.eventId} at position ${event.globalPosition} (${event.streamId} v${event.streamVersion}) cannot be read: ${event.problem}`);
    this.name = 'UnreadableEventError';
  }
}

export function isUnreadable(entry: object): entry is UnreadableEvent {
  return 'problem' in entry && !('data' in entry);
}
