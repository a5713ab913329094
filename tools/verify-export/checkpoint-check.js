'use strict';

// One checkpoint against the verifier's trust: the log's signature (v1 or C2SP, its note
// form too), its origin, and the cosignatures of the witnesses the verifier chose.

const { TLOG_CHECKPOINT_FORMAT, checkpointStatement, checkpointTrust } = require('./signatures.js');
const { SIGNATURE_TYPE, parseNote, parseSignatureLine, noteKeyId, rawPublicKey, matches, verifyCosignature } = require('./signed-note.js');

function describe(c) {
  return `checkpoint of ${c.treeSize} events${c.origin ? ` of ${c.origin}` : ''}`;
}

/**
 * Returns the findings and what the verifier may rely on: `trusted` (the log's signature
 * holds under a key the verifier gave) and the quorum count. Every line from the note and
 * from the checkpoint's cosignatures is counted once; a line by a trusted witness that does
 * not verify (forged, or copied from another checkpoint) is a finding of its own.
 */
function checkCheckpoint(checkpoint, trust) {
  const findings = [];
  const c = checkpoint && typeof checkpoint === 'object' ? checkpoint : {};
  const isC2sp = c.format === TLOG_CHECKPOINT_FORMAT;
  const status = checkpointTrust(c, trust.logKeys);
  if (status === 'unknown-key') {
    findings.push({ kind: 'unknown-key', treeSize: c.treeSize, detail: `the ${describe(c)} is signed by key ${c.keyId}, which is not a log key you gave (--public-key or --trust): its claims cannot be checked. A key written in the file is never trusted.` });
  } else if (status === 'bad-signature') {
    findings.push({ kind: 'bad-signature', treeSize: c.treeSize, detail: `the ${describe(c)} does not carry a valid signature by the log key ${c.keyId}: it was forged or altered` });
  }
  const expectedOrigin = trust.origins.get(c.keyId) ?? trust.origin;
  if (isC2sp && expectedOrigin !== undefined && c.origin !== expectedOrigin) {
    findings.push({ kind: 'wrong-origin', treeSize: c.treeSize, detail: `the checkpoint is of the log "${c.origin}", but you trust this key for "${expectedOrigin}" only` });
  }
  let text;
  try {
    text = isC2sp ? checkpointStatement(c) : undefined;
  } catch {
    text = undefined;
  }
  const lines = new Set((Array.isArray(c.cosignatures) ? c.cosignatures : []).map((l) => (String(l).endsWith('\n') ? String(l) : `${l}\n`)));
  if (isC2sp && c.note !== undefined) {
    try {
      const note = parseNote(c.note);
      if (note.text !== text) findings.push({ kind: 'altered', treeSize: c.treeSize, detail: `the checkpoint's signed note says ${JSON.stringify(note.text)}, but its fields say ${JSON.stringify(text)}: one of them was altered` });
      const logKey = trust.logKeys.get(c.keyId);
      const logKeyId = logKey && noteKeyId(String(c.origin), SIGNATURE_TYPE.ed25519, rawPublicKey(logKey));
      const logLines = note.signatures.filter((s) => s.keyName === c.origin && s.keyId === logKeyId);
      if (logKey && status === 'trusted' && (logLines.length === 0 || !logLines.every((s) => s.signature.equals(Buffer.from(String(c.signature), 'base64'))))) {
        findings.push({ kind: 'bad-signature', treeSize: c.treeSize, detail: "the checkpoint's signed note does not carry the log's signature that its fields carry: the note was altered" });
      }
      for (const s of note.signatures) if (!logLines.includes(s)) lines.add(s.line);
    } catch (error) {
      findings.push({ kind: 'altered', treeSize: c.treeSize, detail: `the checkpoint's signed note cannot be read (${error.message}): it was altered` });
    }
  }
  const cosignedBy = [];
  const forged = [];
  let ignored = 0;
  for (const line of lines) {
    let signature;
    try {
      signature = parseSignatureLine(line);
    } catch {
      ignored += 1;
      continue;
    }
    const witness = trust.witnesses.find((w) => matches(w, signature));
    if (!witness) {
      ignored += 1;
      continue;
    }
    const timestamp = text === undefined ? undefined : verifyCosignature(text, signature, witness);
    if (timestamp === undefined) forged.push(witness.keyName);
    else if (!cosignedBy.some((x) => x.witness === witness.keyName)) cosignedBy.push({ witness: witness.keyName, timestamp });
  }
  for (const name of forged) {
    findings.push({ kind: 'bad-cosignature', treeSize: c.treeSize, detail: `the cosignature by witness ${name} does not verify over this checkpoint: it was forged, altered, or copied from another checkpoint` });
  }
  const met = cosignedBy.length >= trust.quorum;
  if (!met) {
    const why = isC2sp ? '' : ' (an old-format v1 checkpoint carries no cosignatures)';
    findings.push({ kind: 'quorum-not-met', treeSize: c.treeSize, detail: `${cosignedBy.length} of the ${trust.witnesses.length} witnesses you trust cosigned the ${describe(c)}; you asked for ${trust.quorum}${why}` });
  }
  return { findings, trusted: status === 'trusted', isC2sp, cosignedBy, forged, ignored, quorum: trust.quorum, met: met && forged.length === 0 };
}

module.exports = { checkCheckpoint };
