'use strict';

// Verifying a proof bundle: every event re-hashed, every audit path followed to the ONE
// checkpoint's root, that checkpoint's signature and cosignatures, and what the bundle says
// it is (one event, one action's whole stream, a plan's record) against what it holds.

const { hashProblem } = require('./event-hash.js');
const { leafHash, verifyInclusion, hexList } = require('./merkle.js');
const { checkCheckpoint } = require('./checkpoint-check.js');
const { compareWithState } = require('./state-file.js');

const BUNDLE_FORMAT = 'plan-audit-bundle/1';

function refOf(entry, event) {
  return { position: Number.isSafeInteger(entry.leafIndex) ? entry.leafIndex + 1 : undefined, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion };
}

function verifyBundle(bundle, trust, state) {
  const findings = [];
  const checkpoint = bundle.checkpoint && typeof bundle.checkpoint === 'object' ? bundle.checkpoint : {};
  const checked = checkCheckpoint(checkpoint, trust);
  findings.push(...checked.findings);
  const root = Buffer.from(String(checkpoint.rootHash), 'hex');
  const entries = Array.isArray(bundle.events) ? bundle.events : [];
  if (entries.length === 0) findings.push({ kind: 'missing', detail: 'the bundle holds no events: it proves nothing' });
  for (const entry of entries) {
    const event = entry && entry.event && typeof entry.event === 'object' ? entry.event : {};
    const ref = refOf(entry || {}, event);
    const problem = event.metadata && typeof event.metadata === 'object' ? hashProblem(event) : 'it has no metadata, which its hash covers: it was altered';
    if (problem) findings.push({ kind: 'altered', ...ref, detail: problem });
    const path = hexList(entry && entry.auditPath);
    if (!path || !verifyInclusion(entry.leafIndex, checkpoint.treeSize, leafHash(event.hash), path, root)) {
      findings.push({ kind: 'inserted', ...ref, detail: `its audit path does not lead from leaf ${entry && entry.leafIndex} to the root of the ${checkpoint.treeSize} events the checkpoint signs: it is not in the signed log there` });
    }
  }
  for (const entry of entries) {
    if (!entry || entry.tlogProof === undefined) continue;
    const problem = tlogProofProblem(entry, checkpoint);
    if (problem) findings.push({ kind: 'altered', ...refOf(entry, entry.event || {}), detail: `its C2SP tlog-proof ${problem}: it was altered` });
  }
  findings.push(...subjectFindings(bundle.subject, entries));
  let stateCheck;
  // The state is compared only with a checkpoint the verifier can trust: an untrusted one says nothing about the log.
  if (state && checked.trusted) {
    stateCheck = compareWithState(state, checkpoint, bundle.consistency);
    findings.push(...stateCheck.findings);
  }
  return { findings, ok: findings.length === 0, checkpoint: checked, eventCount: entries.length, stateCheck };
}

/** What the bundle says it is must be what it holds: the event asked for; a whole stream with no gap, in log order. */
function subjectFindings(subject, entries) {
  const findings = [];
  if (!subject || typeof subject !== 'object') return [{ kind: 'altered', detail: 'the bundle does not say what it is evidence of' }];
  const events = entries.map((e) => (e && e.event) || {});
  if (subject.kind === 'event') {
    if (events.length !== 1 || events[0].eventId !== subject.eventId) findings.push({ kind: 'inserted', eventId: subject.eventId, detail: `the bundle is for event ${subject.eventId} but holds ${events.map((e) => e.eventId).join(', ') || 'nothing'}` });
    return findings;
  }
  if (subject.kind === 'action-history') {
    // The stream is named from the plan and the reference, as the log names it: the three must agree.
    const slug = String(subject.reference).trim().replace(/\s+/g, ' ').toLowerCase().replace(/ /g, '_');
    if (subject.streamId !== `action-${subject.planId}/${slug}`) findings.push({ kind: 'altered', detail: `the bundle says it is action ${subject.reference} of plan ${subject.planId}, but names stream ${subject.streamId}` });
  }
  const ofPlan = (e) => e.streamId === `plan-${subject.planId}` || String(e.streamId).startsWith(`action-${subject.planId}/`) || (e.data && e.data.planId === subject.planId);
  const streams = new Map();
  entries.forEach((entry, i) => {
    const e = events[i];
    if (subject.kind === 'action-history' && e.streamId !== subject.streamId) {
      findings.push({ kind: 'inserted', ...refOf(entry, e), detail: `it belongs to stream ${e.streamId}, not to ${subject.streamId}, the action's history this bundle is for` });
      return;
    }
    if (subject.kind === 'report' && !ofPlan(e)) {
      findings.push({ kind: 'inserted', ...refOf(entry, e), detail: `it is not an event of plan ${subject.planId}, which the report is about` });
      return;
    }
    if (subject.kind === 'report' && !(e.metadata && e.metadata.recordedAt <= subject.knownAt)) {
      findings.push({ kind: 'inserted', ...refOf(entry, e), detail: `it was recorded at ${e.metadata && e.metadata.recordedAt}, after ${subject.knownAt}, the moment the report is as known at` });
      return;
    }
    streams.set(e.streamId, [...(streams.get(e.streamId) || []), { entry, e }]);
  });
  for (const [streamId, list] of streams) {
    let before;
    for (const { entry, e } of list) {
      const expected = before ? before.e.streamVersion + 1 : 0;
      if (e.streamVersion !== expected) {
        findings.push({ kind: e.streamVersion > expected ? 'missing' : 'reordered', ...refOf(entry, e), detail: `${streamId} v${expected} should come here, but the bundle holds v${e.streamVersion}: ${e.streamVersion > expected ? 'an event of the stream was left out' : 'the stream is out of order'}` });
      } else if ((before ? before.e.hash : null) !== e.prevHash) {
        findings.push({ kind: 'altered', ...refOf(entry, e), detail: `its prevHash ${e.prevHash} is not the hash of the event before it in ${streamId}` });
      } else if (before && !(entry.leafIndex > before.entry.leafIndex)) {
        findings.push({ kind: 'reordered', ...refOf(entry, e), detail: `it is at leaf ${entry.leafIndex}, not after v${before.e.streamVersion} at leaf ${before.entry.leafIndex}` });
      }
      before = { entry, e };
    }
  }
  return findings;
}

/**
 * The c2sp.org/tlog-proof text carried beside an event must say what the bundle says: its
 * index, its audit path and the checkpoint note, verbatim. What is checked above is then
 * what a transparency-log tool reading the text would check.
 */
function tlogProofProblem(entry, checkpoint) {
  if (typeof entry.tlogProof !== 'string') return 'is not text';
  if (typeof checkpoint.note !== 'string') return 'is there, but the checkpoint carries no signed note for it to hold';
  const blank = entry.tlogProof.indexOf('\n\n');
  if (blank < 0) return 'has no blank line before its checkpoint';
  const head = entry.tlogProof.slice(0, blank).split('\n');
  if (head[0] !== 'c2sp.org/tlog-proof@v1') return 'does not start with c2sp.org/tlog-proof@v1';
  const rest = head[1] && head[1].startsWith('extra ') ? head.slice(2) : head.slice(1);
  if (rest[0] !== `index ${entry.leafIndex}`) return `says "${rest[0]}", not index ${entry.leafIndex}`;
  const path = rest.slice(1).map((line) => Buffer.from(line, 'base64').toString('hex'));
  if (JSON.stringify(path) !== JSON.stringify(entry.auditPath)) return 'holds another audit path';
  if (entry.tlogProof.slice(blank + 2) !== checkpoint.note) return "holds another checkpoint than the bundle's";
  return undefined;
}

function isBundle(value) {
  return Boolean(value) && value.type === 'proof-bundle';
}

module.exports = { BUNDLE_FORMAT, verifyBundle, isBundle };
