import { sealedJson } from '../event-store/canonical-json';
import { SEALED_ACTOR_FIELDS, SEALED_METADATA_FIELDS, SealedFields } from '../event-store/envelope';
import { sha256 } from '../event-store/hashing';

/**
 * The same SHA-256 as `hashEvent` (RFC 8785 canonical JSON of the sealed fields),
 * computed about twice as fast: verify re-hashes every event of the log.
 * test/event-store/canonical-json.spec.ts checks, over random envelopes, that
 * both give the same bytes.
 */
export function rehashEvent(event: SealedFields): string {
  return sha256(sealedJson(event));
}

const METADATA_FIELDS = new Set<string>(SEALED_METADATA_FIELDS);
const ACTOR_FIELDS = new Set<string>(SEALED_ACTOR_FIELDS);

/**
 * Fields an envelope carries that its hash does not cover. The hash seals a fixed
 * set of metadata fields, so a field slipped in beside them would pass re-hashing
 * unnoticed; verify reports it as an alteration instead.
 */
export function unsealedFields(event: SealedFields): string[] {
  const extra: string[] = [];
  const metadata: unknown = event.metadata;
  if (metadata && typeof metadata === 'object') {
    for (const key of Object.keys(metadata)) if (!METADATA_FIELDS.has(key)) extra.push(`metadata.${key}`);
    const actor: unknown = (metadata as { actor?: unknown }).actor;
    if (actor && typeof actor === 'object') for (const key of Object.keys(actor)) if (!ACTOR_FIELDS.has(key)) extra.push(`metadata.actor.${key}`);
  }
  return extra;
}
