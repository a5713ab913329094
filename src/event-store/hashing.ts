import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EventEnvelope, SealedFields } from './envelope';

/**
 * SHA-256 over the RFC 8785 (JCS) canonical JSON of the sealed fields, hex-encoded:
 * the reference computation, which tests hold the store's faster path
 * (canonical-json.ts) against.
 * `canonicalize` is the reference JCS implementation by the RFC's co-author: we
 * depend on it rather than our own key-sorting so number and string escaping
 * match every other JCS verifier an auditor may use.
 */
export function hashEvent(fields: SealedFields): string {
  const canonical = canonicalize(sealedFieldsOf(fields));
  if (canonical === undefined) throw new Error('event could not be canonicalised');
  return sha256(canonical);
}

/** Hex SHA-256 of a canonical text. One-shot crypto.hash: a third cheaper than createHash().update().digest() for inputs this small, and it is per event. */
export function sha256(canonical: string): string {
  return hash('sha256', canonical, 'hex');
}

/** Exactly the fields covered by the hash, in a fresh object so extra properties never leak in. */
export function sealedFieldsOf(event: SealedFields): SealedFields {
  const metadata = event.metadata;
  return {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      actor: { id: metadata.actor.id, role: metadata.actor.role },
      effectiveAt: metadata.effectiveAt,
      recordedAt: metadata.recordedAt,
      ...(metadata.reason !== undefined ? { reason: metadata.reason } : {}),
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      source: metadata.source,
    },
    prevHash: event.prevHash,
  };
}

export type ChainProblemKind = 'altered' | 'broken-link' | 'version-gap';

export interface ChainProblem {
  streamId: string;
  streamVersion: number;
  eventId: string;
  kind: ChainProblemKind;
  detail: string;
}

/**
 * Check one stream's events (in stream order): every hash recomputes, versions run
 * 0,1,2,... without gaps, and each prevHash is the previous event's hash.
 */
export function verifyStreamChain(events: EventEnvelope[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: EventEnvelope | undefined;
  events.forEach((event, index) => {
    const at = { streamId: event.streamId, streamVersion: event.streamVersion, eventId: event.eventId };
    if (event.streamVersion !== index) {
      problems.push({ ...at, kind: 'version-gap', detail: `expected stream version ${index}, found ${event.streamVersion}` });
    }
    const recomputed = hashEvent(event);
    if (recomputed !== event.hash) {
      problems.push({ ...at, kind: 'altered', detail: `stored hash ${event.hash} but contents hash to ${recomputed}` });
    }
    const expectedPrev = previous ? previous.hash : null;
    if (event.prevHash !== expectedPrev) {
      problems.push({ ...at, kind: 'broken-link', detail: `prevHash ${event.prevHash} does not match the previous event's hash ${expectedPrev}` });
    }
    previous = event;
  });
  return problems;
}
