'use strict';

// An event's seal: SHA-256 over the RFC 8785 canonical JSON of the event without "hash" and "globalPosition".

const crypto = require('node:crypto');
const { canonicalJson } = require('./canonical-json.js');

const METADATA_FIELDS = ['actor', 'effectiveAt', 'recordedAt', 'reason', 'correlationId', 'causationId', 'source'];

/** Exactly the fields the hash covers. */
function sealedFields(event) {
  const m = event.metadata;
  const sealed = {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      actor: { id: m.actor.id, role: m.actor.role },
      effectiveAt: m.effectiveAt,
      recordedAt: m.recordedAt,
      correlationId: m.correlationId,
      causationId: m.causationId,
      source: m.source,
    },
    prevHash: event.prevHash,
  };
  if (m.reason !== undefined) sealed.metadata.reason = m.reason;
  return sealed;
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest();
}

/** Why this event does not match its hash, or undefined when it does. */
function hashProblem(event) {
  let recomputed;
  try {
    recomputed = sha256(Buffer.from(canonicalJson(sealedFields(event)), 'utf8')).toString('hex');
  } catch (error) {
    return `its contents can no longer be hashed (${error.message}): it was altered`;
  }
  if (recomputed !== event.hash) return `its contents hash to ${recomputed}, but its stored hash is ${event.hash}: it was altered after it was recorded`;
  const extra = [];
  for (const key of Object.keys(event.metadata)) if (!METADATA_FIELDS.includes(key)) extra.push(`metadata.${key}`);
  if (event.metadata.actor && typeof event.metadata.actor === 'object') {
    for (const key of Object.keys(event.metadata.actor)) if (key !== 'id' && key !== 'role') extra.push(`metadata.actor.${key}`);
  }
  if (extra.length > 0) return `it carries ${extra.join(', ')}, which its hash does not cover: it was altered after it was recorded`;
  return undefined;
}

module.exports = { sha256, hashProblem };
