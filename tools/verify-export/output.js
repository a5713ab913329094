'use strict';

// What the verifier prints: one line per finding, as plan-audit verify prints them, then the verdict; or the result as JSON.

function formatFinding(f) {
  const hasSubject = f.eventId !== undefined || f.position !== undefined || f.streamId !== undefined;
  const subject = hasSubject ? `${f.position !== undefined ? `#${f.position}` : 'an event'}${f.streamId !== undefined ? ` ${f.streamId} v${f.streamVersion}` : ''}${f.eventId !== undefined ? ` (event ${f.eventId})` : ''}: ` : '';
  return `${f.kind.toUpperCase()} ${subject}${f.detail}`;
}

/** `proof` is the proof file checked, or undefined for an export; `givenKeys` undefined when the keys came from the file itself. */
function printResult(result, { proof, givenKeys, json }, out) {
  if (json) {
    out(JSON.stringify({ ok: result.ok, eventCount: result.eventCount, findings: result.findings, checkpoints: result.checkpoints && result.checkpoints.map((r) => ({ ...r.checkpoint, status: r.status })) }, null, 2));
    return;
  }
  for (const finding of result.findings) out(formatFinding(finding));
  if (proof) {
    out(result.ok ? `The ${proof.type} holds: ${proof.type === 'inclusion-proof' ? `event ${proof.event.eventId} is leaf ${proof.leafIndex} of the ${proof.treeSize} events signed at ${proof.checkpoint.takenAt}` : `the log of ${proof.to.treeSize} events extends the log of ${proof.from.treeSize} events unchanged`}.` : `The ${proof.type} does NOT hold.`);
  } else {
    const verified = result.checkpoints.filter((c) => c.status === 'verified');
    if (result.ok) out(`Verified ${result.eventCount} events in ${result.streamCount} streams: every hash and chain link is intact.`);
    out(`Checkpoints: ${verified.length} of ${result.checkpoints.length} verified${result.header.scope === 'plan' ? ` (one-plan export of ${result.header.planId}: events checked by inclusion proofs)` : ''}.`);
  }
  if (!givenKeys) for (const keyId of result.keys.keys()) out(`Signatures checked with key ${keyId}, taken from the file itself: compare it with the key id the council published, or pass --public-key.`);
  out(result.ok ? 'RESULT: intact' : `RESULT: TAMPERED (${result.findings.length} finding${result.findings.length === 1 ? '' : 's'})`);
}

module.exports = { formatFinding, printResult };
