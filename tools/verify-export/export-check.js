'use strict';

// Verifying an export: a whole log by rebuilding every checkpoint's root, a one-plan export by inclusion and consistency proofs.

const { hashProblem } = require('./event-hash.js');
const { leafHash, Frontier, verifyInclusion, verifyConsistency, hexList } = require('./merkle.js');
const { checkpointTrust, signatureFindings, keysFromHeader } = require('./signatures.js');
const { UnreadableExport, exportLines, refOf } = require('./export-lines.js');
const { analyseStream } = require('./stream-chains.js');
const { explainRoots } = require('./tree-explainer.js');

async function verifyExport(file, givenKeys) {
  const findings = [];
  const leaves = [];
  const streams = new Map();
  const suspicious = new Set();
  const altered = new Set();
  const checkpoints = [];
  const consistency = [];
  const planEvents = [];
  let header;
  let end;
  let count = 0;
  let linesAfterEnd = 0;
  for await (const { number, line } of exportLines(file)) {
    if (!header) {
      if (line.type !== 'header' || line.format !== 'plan-audit-export') throw new UnreadableExport(`${file} is not a plan-audit export: its first line is not the export header`);
      if (line.formatVersion !== 1) throw new UnreadableExport(`${file} is export format ${line.formatVersion}; this verifier reads format 1`);
      header = line;
      continue;
    }
    if (end) linesAfterEnd += 1;
    if (line.type === 'damaged') {
      findings.push({ kind: 'altered', detail: `line ${number} of the export is not valid JSON: it was damaged or edited` });
      continue;
    }
    if (line.type === 'event' || line.type === 'unreadable') {
      const event = line.event && typeof line.event === 'object' ? line.event : {};
      const index = header.scope === 'plan' ? line.leafIndex : count;
      count += 1;
      const problem = line.type === 'unreadable' ? `it could not be read when exported: ${event.problem}` : hashProblem(event);
      const entry = { index, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, prevHash: event.prevHash, hash: event.hash, hashOk: problem === undefined };
      if (problem !== undefined) {
        findings.push({ kind: 'altered', position: Number.isSafeInteger(index) ? index + 1 : undefined, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, detail: problem });
        altered.add(count - 1);
      }
      if (header.scope !== 'plan') leaves.push(leafHash(event.hash));
      else planEvents.push({ entry, inclusion: line.inclusion, line: number });
      const before = streams.get(event.streamId);
      const follows = before ? event.streamVersion === before.version + 1 && event.prevHash === before.hash : event.streamVersion === 0 && event.prevHash === null;
      if (!follows) suspicious.add(event.streamId);
      streams.set(event.streamId, { version: event.streamVersion, hash: event.hash });
    } else if (line.type === 'checkpoint') {
      checkpoints.push(line.checkpoint || {});
    } else if (line.type === 'consistency') {
      consistency.push(line);
    } else if (line.type === 'end') {
      end = line;
    }
  }
  if (!header) throw new UnreadableExport(`${file} is empty`);
  if (!end) findings.push({ kind: 'truncated', detail: 'the export has no end line: the file was cut short' });
  else if (end.events !== count || end.checkpoints !== checkpoints.length) {
    findings.push({ kind: end.events > count ? 'missing' : 'inserted', detail: `the end line says ${end.events} events and ${end.checkpoints} checkpoints, but the file holds ${count} and ${checkpoints.length}` });
  }
  if (linesAfterEnd > 0) findings.push({ kind: 'inserted', detail: `${linesAfterEnd} line(s) follow the end line` });

  const keys = givenKeys || keysFromHeader(header);
  findings.push(...signatureFindings(checkpoints, keys));

  const results = header.scope === 'plan' ? checkPlanExport(planEvents, checkpoints, consistency, keys, findings) : checkWholeLog(leaves, checkpoints, keys);
  if (header.scope !== 'plan') {
    const trusted = results.filter((r) => r.status !== 'bad-signature' && r.status !== 'unknown-key');
    const firstBad = trusted.find((r) => r.status !== 'verified');
    if (suspicious.size > 0 || firstBad) {
      const good = Math.max(0, ...trusted.filter((r) => r.status === 'verified' && (!firstBad || r.checkpoint.treeSize < firstBad.checkpoint.treeSize)).map((r) => r.checkpoint.treeSize));
      const windowEnd = firstBad ? Math.min(leaves.length, firstBad.checkpoint.treeSize + 1, good + 10000) : good;
      const { chains, refs, alteredHashes } = await collectForAnalysis(file, suspicious, altered, good, windowEnd);
      const edits = [];
      for (const entries of chains.values()) {
        const analysis = analyseStream(entries, alteredHashes);
        findings.push(...analysis.findings);
        edits.push(...analysis.edits);
      }
      const search = findings.every((f) => f.kind === 'bad-signature' || f.kind === 'unknown-key');
      if (firstBad) findings.push(...explainRoots(leaves, results, edits, good, refs, search));
    }
  } else if (suspicious.size > 0) {
    const chains = new Map();
    for (const { entry } of planEvents) if (suspicious.has(entry.streamId)) chains.set(entry.streamId, [...(chains.get(entry.streamId) || []), entry]);
    const alteredHashes = new Set(planEvents.filter(({ entry }) => !entry.hashOk).map(({ entry }) => entry.hash));
    for (const entries of chains.values()) findings.push(...analyseStream(entries, alteredHashes).findings);
  }
  findings.sort((a, b) => (a.position ?? a.treeSize ?? Number.MAX_SAFE_INTEGER) - (b.position ?? b.treeSize ?? Number.MAX_SAFE_INTEGER));
  // For --state: the root of the first n events, which a whole-log export can rebuild; a one-plan export carries consistency proofs instead.
  const rootAt = header.scope === 'plan' ? undefined : (n) => (n > leaves.length ? undefined : leaves.slice(0, n).reduce((f, leaf) => (f.push(leaf), f), new Frontier()).root().toString('hex'));
  return { header, keys, givenKeys: Boolean(givenKeys), eventCount: count, streamCount: streams.size, checkpoints: results, findings, ok: findings.length === 0, rootAt, consistency };
}

function checkWholeLog(leaves, checkpoints, keys) {
  const sizes = [...new Set(checkpoints.map((c) => c.treeSize).filter((s) => Number.isSafeInteger(s) && s > 0))].sort((a, b) => a - b);
  const rootsAt = new Map();
  const frontier = new Frontier();
  let next = 0;
  for (const leaf of leaves) {
    frontier.push(leaf);
    while (next < sizes.length && sizes[next] === frontier.size) rootsAt.set(sizes[next++], frontier.root().toString('hex'));
  }
  return [...checkpoints]
    .sort((a, b) => a.treeSize - b.treeSize)
    .map((checkpoint) => {
      const trust = checkpointTrust(checkpoint, keys);
      const logRoot = rootsAt.get(checkpoint.treeSize);
      if (trust !== 'trusted') return { checkpoint, status: trust, logRoot };
      if (checkpoint.treeSize > leaves.length) return { checkpoint, status: 'beyond-log' };
      return { checkpoint, status: logRoot === checkpoint.rootHash ? 'verified' : 'root-mismatch', logRoot };
    });
}

/** A one-plan export: each event's audit path to the newest checkpoint, each older checkpoint's consistency with it. */
function checkPlanExport(planEvents, checkpoints, consistency, keys, findings) {
  const bySize = new Map(checkpoints.map((c) => [c.treeSize, c]));
  const trusted = (c) => c && checkpointTrust(c, keys) === 'trusted';
  const results = checkpoints.map((checkpoint) => ({ checkpoint, status: trusted(checkpoint) ? 'verified' : checkpointTrust(checkpoint, keys) }));
  for (const { entry, inclusion } of planEvents) {
    if (!entry.hashOk) continue;
    const checkpoint = inclusion && bySize.get(inclusion.treeSize);
    const path = inclusion && hexList(inclusion.auditPath);
    if (!inclusion) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: 'it carries no inclusion proof: nothing shows it is part of the signed log' });
    } else if (!trusted(checkpoint)) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: `its inclusion proof refers to a checkpoint of ${inclusion.treeSize} events that is missing or not validly signed` });
    } else if (!path || !verifyInclusion(entry.index, inclusion.treeSize, leafHash(entry.hash), path, Buffer.from(checkpoint.rootHash, 'hex'))) {
      findings.push({ kind: 'inserted', ...refOf(entry), detail: `its inclusion proof does not lead to the signed root of ${inclusion.treeSize} events: it is not in the signed log at #${entry.index + 1} (inserted, or moved)` });
    }
  }
  const newest = [...checkpoints].filter(trusted).sort((a, b) => b.treeSize - a.treeSize)[0];
  for (const result of results) {
    const c = result.checkpoint;
    if (result.status !== 'verified' || !newest || c === newest || c.treeSize === newest.treeSize) continue;
    const line = consistency.find((l) => l.from === c.treeSize && l.to === newest.treeSize);
    const proof = line && hexList(line.proof);
    if (!proof || !verifyConsistency(c.treeSize, newest.treeSize, Buffer.from(c.rootHash, 'hex'), Buffer.from(newest.rootHash, 'hex'), proof)) {
      result.status = 'root-mismatch';
      findings.push({ kind: 'root-mismatch', treeSize: c.treeSize, detail: `no valid consistency proof shows that the log of ${newest.treeSize} events (taken at ${newest.takenAt}) extends the log of ${c.treeSize} events signed at ${c.takenAt} unchanged` });
    }
  }
  return results;
}

async function collectForAnalysis(file, suspicious, altered, windowStart, windowEnd) {
  const chains = new Map();
  const refs = new Map();
  const alteredHashes = new Set();
  let index = 0;
  for await (const { line } of exportLines(file)) {
    if (line.type !== 'event' && line.type !== 'unreadable') continue;
    const event = line.event && typeof line.event === 'object' ? line.event : {};
    const entry = { index, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, prevHash: event.prevHash, hash: event.hash, hashOk: !altered.has(index) && line.type === 'event' };
    if (suspicious.has(event.streamId)) chains.set(event.streamId, [...(chains.get(event.streamId) || []), entry]);
    if (index >= windowStart && index < windowEnd) refs.set(index, refOf(entry));
    if (!entry.hashOk) alteredHashes.add(event.hash);
    index += 1;
  }
  return { chains, refs, alteredHashes };
}

module.exports = { verifyExport };
