import { hash } from 'node:crypto';
import { SealedFields } from '../event-store/envelope';

/**
 * The same SHA-256 as `hashEvent` (RFC 8785 canonical JSON of the sealed fields),
 * computed about twice as fast: verify re-hashes every event of the log, and the
 * reference `canonicalize` builds its output with reduce and template strings.
 * test/audit/rehash.spec.ts checks, over random envelopes, that both give the
 * same bytes; appends keep using the reference implementation.
 */
export function rehashEvent(event: SealedFields): string {
  return hash('sha256', sealedJson(event), 'hex');
}

/**
 * canonicalJson(sealedFieldsOf(event)), written out: the sealed fields are fixed, so
 * their keys are emitted already in RFC 8785 order and only `data` is walked
 * generically. Missing members are left out and a missing metadata or actor
 * throws, exactly as in the generic path.
 */
export function sealedJson(event: SealedFields): string {
  const metadata = event.metadata;
  const actor = metadata.actor;
  const actorJson = member(member('', 'id', actor.id), 'role', actor.role);
  let metadataJson = `"actor":{${actorJson}}`;
  metadataJson = member(metadataJson, 'causationId', metadata.causationId);
  metadataJson = member(metadataJson, 'correlationId', metadata.correlationId);
  metadataJson = member(metadataJson, 'effectiveAt', metadata.effectiveAt);
  metadataJson = member(metadataJson, 'reason', metadata.reason);
  metadataJson = member(metadataJson, 'recordedAt', metadata.recordedAt);
  metadataJson = member(metadataJson, 'source', metadata.source);
  let json = member('', 'data', event.data);
  json = member(json, 'eventId', event.eventId);
  json = `${json}${json ? ',' : ''}"metadata":{${metadataJson}}`;
  json = member(json, 'prevHash', event.prevHash);
  json = member(json, 'schemaVersion', event.schemaVersion);
  json = member(json, 'streamId', event.streamId);
  json = member(json, 'streamVersion', event.streamVersion);
  json = member(json, 'type', event.type);
  return `{${json}}`;
}

/** Append `"key":value` to the members so far, unless the value is absent. */
function member(members: string, key: string, value: unknown): string {
  if (value === undefined || typeof value === 'symbol') return members;
  return `${members}${members ? ',' : ''}"${key}":${canonicalJson(value)}`;
}

/**
 * RFC 8785 JSON Canonicalization Scheme, with the reference implementation's
 * handling of what JSON cannot hold: undefined members are left out, undefined
 * array items become null, NaN and Infinity are refused.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${value} cannot be canonicalised`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson((withToJson.toJSON as () => unknown)());
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) text += ',';
      text += item === undefined || typeof item === 'symbol' ? 'null' : canonicalJson(item);
    }
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's key order.
  if (!inOrder(keys)) keys.sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined || typeof member === 'symbol') continue;
    text += `${first ? '' : ','}${quotedKey(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${text}}`;
}

function inOrder(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** Event data repeats the same few keys millions of times: quote each once. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

const METADATA_FIELDS = new Set(['actor', 'effectiveAt', 'recordedAt', 'reason', 'correlationId', 'causationId', 'source']);
const ACTOR_FIELDS = new Set(['id', 'role']);

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
