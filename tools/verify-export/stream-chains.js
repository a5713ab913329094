'use strict';

// One damaged stream, judged as plan-audit verify judges it: which versions are missing, inserted, altered or reordered.

const { leafHash } = require('./merkle.js');
const { refOf, describeRef } = require('./export-lines.js');

/**
 * Rebuild a stream whose events do not follow one another: the event a successor
 * links to is the genuine one. A version nobody holds is missing, a second holder
 * is inserted, a genuine event its successor does not link to was altered and
 * re-hashed, and genuine events out of version order were reordered. Also returns
 * the leaf edits that would undo each change, to test against the signed roots.
 */
function analyseStream(entries, alteredHashes = new Set()) {
  const findings = [];
  const edits = [];
  const byVersion = new Map();
  for (const e of entries) {
    if (!Number.isSafeInteger(e.streamVersion) || e.streamVersion < 0) continue;
    if (!byVersion.has(e.streamVersion)) byVersion.set(e.streamVersion, []);
    byVersion.get(e.streamVersion).push(e);
  }
  // An altered event's stream and version may be what was changed: only sound events say which versions a stream has.
  const soundVersions = entries.filter((e) => e.hashOk && byVersion.has(e.streamVersion)).map((e) => e.streamVersion);
  if (soundVersions.length === 0) return { findings, edits };
  const streamId = entries[0].streamId;
  const top = Math.max(...soundVersions);
  const genuine = new Map();
  for (let version = top; version >= 0; version--) {
    const holders = byVersion.get(version) || [];
    const successor = genuine.get(version + 1);
    if (holders.length === 0) {
      const knownHash = successor ? successor.prevHash : undefined;
      if (knownHash && alteredHashes.has(knownHash)) continue;
      const finding = {
        kind: 'missing',
        streamId,
        streamVersion: version,
        related: successor ? [refOf(successor)] : [],
        detail: successor
          ? `${streamId} v${version} is not in the log; ${describeRef(successor)} follows it and names its hash ${knownHash}`
          : `${streamId} v${version} is not in the log, though later versions of the stream are`,
      };
      findings.push(finding);
      if (successor && knownHash) {
        let predecessor;
        for (let v = version - 1; v >= 0 && !predecessor; v--) predecessor = (byVersion.get(v) || [])[0];
        edits.push({ kind: 'insert', from: predecessor ? predecessor.index + 1 : 0, to: successor.index, leaf: leafHash(knownHash), finding });
      }
      continue;
    }
    const linked = successor ? holders.find((h) => h.hash === successor.prevHash) : undefined;
    const chosen = linked || holders.find((h) => h.hashOk) || holders[0];
    genuine.set(version, chosen);
    for (const other of holders) {
      if (other === chosen || !other.hashOk) continue;
      const copy = other.hash === chosen.hash;
      findings.push({
        kind: 'inserted',
        ...refOf(other),
        related: [refOf(chosen)],
        detail: copy
          ? `a second copy of ${streamId} v${version}, first recorded at #${chosen.index + 1}`
          : linked
            ? `it claims to be ${streamId} v${version}, but ${describeRef(successor)} links to ${describeRef(chosen)} instead: it is not part of the sealed history`
            : `it claims to be ${streamId} v${version}, which ${describeRef(chosen)} already is: one of the two was inserted`,
      });
      edits.push({ kind: 'remove', index: other.index });
    }
  }
  for (let version = 0; version <= top; version++) {
    const event = genuine.get(version);
    if (!event || !event.hashOk) continue;
    if (version === 0) {
      if (event.prevHash !== null) findings.push({ kind: 'missing', ...refOf(event), detail: `it is the stream's first event in the log but links to a predecessor ${event.prevHash} that is not there` });
      continue;
    }
    const before = genuine.get(version - 1);
    if (!before || event.prevHash === before.hash) continue;
    if (!before.hashOk) {
      if (event.prevHash) edits.push({ kind: 'replace', index: before.index, leaf: leafHash(event.prevHash) });
      continue;
    }
    findings.push({
      kind: 'altered',
      ...refOf(before),
      related: [refOf(event)],
      detail: `it is not the event ${describeRef(event)} was chained to (that names hash ${event.prevHash}): it was changed and re-hashed, or replaced`,
    });
    if (event.prevHash) edits.push({ kind: 'replace', index: before.index, leaf: leafHash(event.prevHash) });
  }
  const chain = [...genuine.values()].sort((a, b) => a.streamVersion - b.streamVersion);
  const slots = chain.map((e) => e.index).sort((a, b) => a - b);
  const misplaced = chain.filter((e, k) => e.index !== slots[k]);
  if (misplaced.length === 2 && slots[chain.indexOf(misplaced[0])] === misplaced[1].index) {
    const [x, y] = misplaced;
    edits.push({ kind: 'swap', a: x.index, b: y.index });
    findings.push({
      kind: 'reordered',
      ...refOf(y),
      related: [refOf(x)],
      detail: `it has swapped places with ${describeRef(x)}: ${streamId} v${y.streamVersion} belongs at #${x.index + 1} and v${x.streamVersion} at #${y.index + 1}`,
    });
  } else if (misplaced.length > 0) {
    for (let k = 1; k < chain.length; k++) {
      if (chain[k].index < chain[k - 1].index) {
        findings.push({ kind: 'reordered', ...refOf(chain[k]), related: [refOf(chain[k - 1])], detail: `it comes before ${describeRef(chain[k - 1])} in the log, though it follows it in ${streamId}` });
      }
    }
  }
  return { findings, edits };
}

module.exports = { analyseStream };
