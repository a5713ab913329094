'use strict';

// What the verifier prints: one line per finding, as plan-audit verify prints them, then the verdict; or the result as JSON.

/** Findings whose name reads better as words. */
const LABELS = { 'rolled-back': 'ROLLED BACK' };

/** Findings that say the file could not be relied on, not that it was changed: too few witnesses, or no link to what you held. */
const UNPROVEN = new Set(['quorum-not-met', 'unlinked']);

function verdict(result) {
  const n = result.findings.length;
  if (result.ok) return 'RESULT: intact';
  const what = `${n} finding${n === 1 ? '' : 's'}`;
  return result.findings.every((f) => UNPROVEN.has(f.kind)) ? `RESULT: NOT VERIFIED (${what})` : `RESULT: TAMPERED (${what})`;
}

function formatFinding(f) {
  const hasSubject = f.eventId !== undefined || f.position !== undefined || f.streamId !== undefined;
  const subject = hasSubject ? `${f.position !== undefined ? `#${f.position}` : 'an event'}${f.streamId !== undefined ? ` ${f.streamId} v${f.streamVersion}` : ''}${f.eventId !== undefined ? ` (event ${f.eventId})` : ''}: ` : '';
  return `${LABELS[f.kind] || f.kind.toUpperCase()} ${subject}${f.detail}`;
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
  if (result.witnesses) {
    const w = result.witnesses;
    out(`Witnesses on the newest checkpoint: ${w.cosignedBy.length} of those you trust cosigned${w.cosignedBy.length ? ` (${w.cosignedBy.map((x) => x.witness).join(', ')})` : ''}; quorum ${w.quorum}: ${w.met ? 'met' : 'NOT met'}.`);
  }
  if (!givenKeys) for (const keyId of result.keys.keys()) out(`Signatures checked with key ${keyId}, taken from the file itself: compare it with the key id the council published, or pass --public-key.`);
  out(verdict(result));
}

function describeSubject(subject, count) {
  const s = subject || {};
  if (s.kind === 'event') return `event ${s.eventId}`;
  if (s.kind === 'action-history') return `the history of action ${s.reference} of plan ${s.planId} (stream ${s.streamId}, ${count} events)`;
  if (s.kind === 'report') return `the ${s.name} report of plan ${s.planId} as recorded by ${s.knownAt}, and the ${count} events of the plan recorded by then`;
  return `${count} events`;
}

function timeOf(seconds) {
  return new Date(seconds * 1000).toISOString();
}

/** A bundle's verdict: what it is, the checkpoint, the witnesses, the state, then RESULT. */
function printBundleResult(result, { bundle, trust, state, json }, out) {
  const c = bundle.checkpoint || {};
  const w = result.checkpoint;
  if (json) {
    out(
      JSON.stringify(
        {
          ok: result.ok,
          subject: bundle.subject,
          eventCount: result.eventCount,
          checkpoint: { treeSize: c.treeSize, rootHash: c.rootHash, origin: c.origin, format: c.format || 'plan-audit checkpoint v1', keyId: c.keyId, trusted: w.trusted },
          witnesses: { cosignedBy: w.cosignedBy, forged: w.forged, ignored: w.ignored, quorum: w.quorum, met: w.met },
          state: result.stateCheck ? { held: result.stateCheck.held, extended: Boolean(result.stateCheck.extended) } : undefined,
          findings: result.findings,
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const finding of result.findings) out(formatFinding(finding));
  out(`Bundle: ${describeSubject(bundle.subject, result.eventCount)}.`);
  out(
    `Checkpoint: ${c.format === 'tlog-checkpoint' ? `C2SP checkpoint of ${c.origin}` : 'old-format (v1) checkpoint'}, ${c.treeSize} events, root ${c.rootHash}, ` +
      `${w.trusted ? `signed by the log key you gave (${c.keyId})` : 'NOT signed by a log key you gave'}.`,
  );
  const cosigned = w.cosignedBy.map((x) => `${x.witness} at ${timeOf(x.timestamp)}`).join(', ');
  out(
    trust.witnesses.length === 0
      ? `Witnesses: none given (--witness-key or --trust): the checkpoint rests on the log's signature alone${w.ignored ? `; ${w.ignored} cosignature(s) by witnesses you did not name were not counted` : ''}.`
      : `Witnesses: ${w.cosignedBy.length} of the ${trust.witnesses.length} you trust cosigned${cosigned ? ` (${cosigned})` : ''}` +
          `${w.forged.length ? `; ${w.forged.length} cosignature(s) did NOT verify (${w.forged.join(', ')})` : ''}` +
          `${w.ignored ? `; ${w.ignored} by witnesses you did not name were not counted` : ''}; quorum ${w.quorum}: ${w.met ? 'met' : 'NOT met'}.`,
  );
  if (state) {
    const s = result.stateCheck;
    if (!s) out(`State (${state.file}): not compared, the checkpoint is not trusted.`);
    else if (!s.held) out(`State (${state.file}): no checkpoint of this log trusted before; ${result.ok ? 'this one is now remembered' : 'nothing remembered'}.`);
    else if (s.findings.length === 0) out(`State (${state.file}): ${s.extended ? `extends the checkpoint of ${s.held.treeSize} events you trusted on ${s.held.trustedAt} (consistency proof checked)` : `the same checkpoint you trusted on ${s.held.trustedAt}`}${result.ok ? '; remembered' : ''}.`);
    else out(`State (${state.file}): NOT consistent with the checkpoint of ${s.held.treeSize} events you trusted on ${s.held.trustedAt}; state left unchanged.`);
  } else if (bundle.consistency) {
    out(`The bundle carries a consistency proof from ${bundle.consistency.fromSize} events: give --state with the checkpoint you hold to check it.`);
  }
  if (result.ok) out(`Every event re-hashes to its hash and its audit path leads to the signed root: ${result.eventCount} event(s) are in the log the checkpoint signs.`);
  out(verdict(result));
}

module.exports = { formatFinding, printResult, printBundleResult };
