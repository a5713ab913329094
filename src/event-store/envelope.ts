/**
 * The event envelope, identical in every adapter (DESIGN §4).
 *
 * `globalPosition` is assigned by the store after the event is sealed, so it is
 * not part of the hash: EventStoreDB only tells us the commit position after the
 * append, and an export re-imported elsewhere must keep its hashes. Global order
 * is covered separately by the Merkle checkpoints.
 */
export type EventSource = 'api' | 'cli' | 'import';

export interface Actor {
  id: string;
  role: string;
}

export interface EventMetadata {
  actor: Actor;
  /** Valid time: the date the change took effect (e.g. the board meeting), ISO 8601. */
  effectiveAt: string;
  /** Transaction time, stamped by the store when the event is appended, ISO 8601. */
  recordedAt: string;
  /** Why: required when the change is backdated; always present on corrections and withdrawals. */
  reason?: string;
  correlationId: string;
  causationId: string;
  source: EventSource;
}

/**
 * The metadata fields an event's hash seals, and the actor's: the one list of
 * them. Verify reports any other field as slipped in beside the seal; the types
 * below make the compiler refuse a field added to EventMetadata but not here.
 * (canonical-json.ts names them again as one destructuring, the fast path every
 * append takes; hashing.ts keeps the reference's own copy on purpose, and the
 * standalone verifier in tools/ must import nothing.)
 */
export const SEALED_METADATA_FIELDS = ['actor', 'causationId', 'correlationId', 'effectiveAt', 'reason', 'recordedAt', 'source'] as const;
export const SEALED_ACTOR_FIELDS = ['id', 'role'] as const;
type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : never;
const sealedMetadataListed: SameKeys<(typeof SEALED_METADATA_FIELDS)[number], keyof EventMetadata> = true;
const sealedActorListed: SameKeys<(typeof SEALED_ACTOR_FIELDS)[number], keyof Actor> = true;
void sealedMetadataListed;
void sealedActorListed;

export interface EventEnvelope<TData = unknown> {
  globalPosition: number;
  streamId: string;
  /** 0-based position of the event within its stream. */
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  /** Hash of the previous event in the same stream; null for a stream's first event. */
  prevHash: string | null;
  hash: string;
}

/** What a caller hands to `append`: the store stamps recordedAt, versions, positions and hashes. */
export interface NewEvent<TData = unknown> {
  eventId?: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: Omit<EventMetadata, 'recordedAt'>;
}

/** The part of the envelope that is hashed: everything except the hash and the store-assigned position. */
export type SealedFields = Omit<EventEnvelope, 'hash' | 'globalPosition'>;

/** An event as it happened, without its seal (prevHash and hash): what a history shows. */
export type RecordedEvent<TData = unknown> = Omit<EventEnvelope<TData>, 'prevHash' | 'hash'>;
