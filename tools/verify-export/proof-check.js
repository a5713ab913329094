'use strict';

// Verifying a proof file: the JSON that prove-inclusion and prove-consistency print.

const fs = require('node:fs');
const { hashProblem } = require('./event-hash.js');
const { leafHash, verifyInclusion, verifyConsistency, hexList } = require('./merkle.js');
const { signatureFindings } = require('./signatures.js');

function verifyProof(proof, keys) {
  const findings = [];
  const checkpoints = proof.type === 'inclusion-proof' ? [proof.checkpoint] : [proof.from, proof.to];
  findings.push(...signatureFindings(checkpoints, keys));
  if (proof.type === 'inclusion-proof') {
    const event = proof.event || {};
    const problem = hashProblem(event);
    const ref = { position: proof.leafIndex + 1, eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion };
    if (problem) findings.push({ kind: 'altered', ...ref, detail: problem });
    const path = hexList(proof.auditPath);
    const root = Buffer.from(String(proof.checkpoint.rootHash), 'hex');
    if (proof.treeSize !== proof.checkpoint.treeSize || !path || !verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(event.hash), path, root)) {
      findings.push({ kind: 'inserted', ...ref, detail: `the audit path does not lead from this event to the signed root of ${proof.checkpoint.treeSize} events` });
    }
  } else {
    const path = hexList(proof.proof);
    const ok = path && verifyConsistency(proof.from.treeSize, proof.to.treeSize, Buffer.from(String(proof.from.rootHash), 'hex'), Buffer.from(String(proof.to.rootHash), 'hex'), path);
    if (!ok) findings.push({ kind: 'root-mismatch', treeSize: proof.from.treeSize, detail: `the proof does not show that the log of ${proof.to.treeSize} events extends the log of ${proof.from.treeSize} events unchanged` });
  }
  return { findings, ok: findings.length === 0, keys };
}

function readProof(file) {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(65536);
  const read = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const firstLine = head.subarray(0, read).toString('utf8').split('\n')[0];
  try {
    if (JSON.parse(firstLine).type === 'header') return undefined;
  } catch {
    // Not a one-line JSON value: a pretty-printed proof, or not ours at all.
  }
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && (value.type === 'inclusion-proof' || value.type === 'consistency-proof' || value.type === 'proof-bundle') ? value : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { verifyProof, readProof };
