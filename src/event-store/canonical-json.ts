import { EventMetadata, SealedFields } from './envelope';

/**
 * RFC 8785 (JCS) canonical JSON, written for speed: every append and every
 * verify passes each event through it. The reference `canonicalize` (see
 * hashing.ts) builds its output with reduce and template strings, about twice as
 * slow; test/event-store/canonical-json.spec.ts checks over random values and
 * envelopes that both give the same bytes.
 */

/**
 * The canonical JSON of the sealed fields (what the event hash covers). The
 * sealed fields are fixed, so their keys are emitted already in RFC 8785 order
 * and only `data` is walked generically. Missing members are left out and a
 * missing metadata or actor throws, exactly as in the generic path.
 */
export function sealedJson(event: SealedFields): string {
  return sealedJsonOf(event, canonicalJson(event.data), sealedMetadataJson(event.metadata));
}

/**
 * The same, from data and metadata already in canonical form. JCS is recursive, so
 * a member's canonical text does not depend on where it sits: an append
 * canonicalises data and metadata once, stores those texts, and hashes them
 * composed here.
 */
export function sealedJsonOf(event: Omit<SealedFields, 'data' | 'metadata'>, dataJson: string | undefined, metadataJson: string): string {
  let json = dataJson === undefined ? '' : `"data":${dataJson}`;
  json = member(json, 'eventId', event.eventId);
  json = `${json}${json ? ',' : ''}"metadata":${metadataJson}`;
  json = member(json, 'prevHash', event.prevHash);
  json = member(json, 'schemaVersion', event.schemaVersion);
  json = member(json, 'streamId', event.streamId);
  json = member(json, 'streamVersion', event.streamVersion);
  json = member(json, 'type', event.type);
  return `{${json}}`;
}

/** Canonical JSON of the metadata fields the hash seals, and only those (an actor's id and role). */
export function sealedMetadataJson(metadata: EventMetadata): string {
  return sealedMetadataForm(metadata, metadata.recordedAt).json;
}

/**
 * The metadata fields the hash seals, and only those, in RFC 8785 key order: the
 * one list of them here (hashing.ts keeps the reference's own). A reason that is
 * absent is left out, so the value is what parsing its canonical text gives back.
 */
export function sealedMetadataOf(metadata: Omit<EventMetadata, 'recordedAt'>, recordedAt: string): EventMetadata {
  const { actor, causationId, correlationId, effectiveAt, reason, source } = metadata;
  const sealedActor = { id: actor.id, role: actor.role };
  return reason === undefined
    ? { actor: sealedActor, causationId, correlationId, effectiveAt, recordedAt, source }
    : { actor: sealedActor, causationId, correlationId, effectiveAt, reason, recordedAt, source };
}

/**
 * The canonical form of the sealed metadata. When every field is text (as the
 * envelope types them) the sealed fields are already plain JSON in key order, so
 * they are their own canonical value and need no generic copy.
 */
export function sealedMetadataForm(metadata: Omit<EventMetadata, 'recordedAt'>, recordedAt: string): CanonicalForm<EventMetadata> {
  const sealed = sealedMetadataOf(metadata, recordedAt);
  const { actor, reason } = sealed;
  const allText =
    typeof actor.id === 'string' &&
    typeof actor.role === 'string' &&
    typeof sealed.causationId === 'string' &&
    typeof sealed.correlationId === 'string' &&
    typeof sealed.effectiveAt === 'string' &&
    (reason === undefined || typeof reason === 'string') &&
    typeof sealed.recordedAt === 'string' &&
    typeof sealed.source === 'string';
  return allText ? { json: JSON.stringify(sealed), value: sealed } : (canonicalForm(sealed) as CanonicalForm<EventMetadata>);
}

/** Append `"key":value` to the members so far, unless the value is absent. */
function member(members: string, key: string, value: unknown): string {
  if (value === undefined || typeof value === 'symbol') return members;
  return `${members}${members ? ',' : ''}"${key}":${canonicalJson(value)}`;
}

/**
 * A value's canonical text together with the value a reader gets back by parsing
 * that text. An append needs both: the text to store and hash, the value to hand
 * back in the sealed envelope.
 */
export interface CanonicalForm<T = unknown> {
  json: string;
  value: T;
}

/**
 * The canonical form of a value, made in one pass where it can be: a fresh copy
 * holding only JSON values, keys in RFC 8785 order, is both what JSON.parse of
 * the canonical text would return and, through the native JSON.stringify, that
 * text itself (JCS writes strings and numbers exactly as JSON.stringify does).
 * Measured on benchmark event data, this halves the cost of canonicalising and
 * then parsing back, which every appended event paid.
 *
 * A key that looks like an array index would be enumerated (and stringified)
 * before the others rather than in code-unit order, and `__proto__` cannot be
 * copied by assignment; those, and anything JSON cannot hold as it stands
 * (toJSON, non-finite numbers, functions), take the general path.
 */
export function canonicalForm(value: unknown): CanonicalForm | undefined {
  const copy = plainCopy(value);
  if (copy !== NOT_PLAIN) return { json: JSON.stringify(copy), value: copy };
  const json = canonicalJson(value);
  return json === undefined ? undefined : { json, value: JSON.parse(json) as unknown };
}

const NOT_PLAIN = Symbol('not plain JSON');

function plainCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 is written "0" and so reads back as 0.
      return Number.isFinite(value) ? value + 0 : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'symbol') {
        items[i] = null;
        continue;
      }
      const copy = plainCopy(item);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      items[i] = copy;
    }
    return items;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.toJSON === 'function') return NOT_PLAIN;
  const keys = Object.keys(object);
  if (!inOrder(keys)) keys.sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return NOT_PLAIN;
    const member = object[key];
    if (member === undefined || typeof member === 'symbol') continue;
    const memberCopy = plainCopy(member);
    if (memberCopy === NOT_PLAIN) return NOT_PLAIN;
    copy[key] = memberCopy;
  }
  return copy;
}

/**
 * RFC 8785 JSON Canonicalization Scheme, with the reference implementation's
 * handling of what JSON cannot hold: undefined members are left out, undefined
 * array items become null, NaN and Infinity are refused. Like JSON.stringify,
 * it returns undefined for a value JSON cannot hold at all (undefined, a function).
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
