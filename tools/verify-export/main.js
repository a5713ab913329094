#!/usr/bin/env node
/*
 * verify-export — check a plan-audit export, or a proof, without trusting the
 * server that made it.
 *
 *   node tools/verify-export.js export.jsonl --public-key council.pem [--json]
 *   node tools/verify-export.js proof.json   --public-key council.pem
 *   node tools/verify-export.js bundle.json  --public-key council.pem [--witness-key <vkey>]... [--quorum N]
 *                                            [--trust trust.json] [--origin <log>] [--state state.json] [--json]
 *   any of them with --compare-with <an export or bundle you kept earlier>: names every event
 *   that has another hash now (REWRITTEN), which a careful rewrite, re-chained and re-signed,
 *   leaves no other trace of in the file itself
 *   (or node tools/verify-export/main.js ...: tools/verify-export.js only requires this file)
 *
 * One folder, Node.js 20 or later, standard library only (node:crypto, node:fs,
 * node:readline): each file requires only its siblings and node: built-ins, never
 * the project or a package, so an auditor can copy the folder, read it whole and run
 * it anywhere. The files, by concern:
 *   canonical-json.js   RFC 8785 (JCS) canonical JSON
 *   event-hash.js       an event's hash, and why a stored one does not match
 *   merkle.js           the RFC 9162 tree: leaves, roots, inclusion and consistency proofs
 *   signatures.js       keys and checkpoint signatures
 *   export-lines.js     reading an export line by line
 *   earlier-copy.js     --compare-with: events changed since a copy the inspector kept
 *   stream-chains.js    naming what happened to a stream whose chain is broken
 *   tree-explainer.js   which change, undone, brings every signed root back
 *   export-check.js     checking a whole-log or one-plan export
 *   proof-check.js      checking a proof file
 *   signed-note.js      C2SP signed notes, checkpoints, vkeys and cosignatures
 *   trust.js            the keys and quorum the person verifying chose
 *   checkpoint-check.js one checkpoint: the log's signature, its origin, the witnesses' cosignatures
 *   bundle-check.js     checking a proof bundle (events, audit paths, one cosigned checkpoint)
 *   state-file.js       the last checkpoint trusted per log: rollback and fork detection
 *   output.js           findings and verdict as text or JSON
 *
 * What it checks, for an export of the whole log:
 *   - every event re-hashes to its stored hash: SHA-256 over the RFC 8785 (JCS)
 *     canonical JSON of the event without "hash" and "globalPosition";
 *   - in every stream, versions run 0, 1, 2… and each prevHash is the hash of the
 *     event before (null for the first);
 *   - the RFC 9162 Merkle root over the event hashes, in file order, at every
 *     checkpoint's tree size equals the checkpoint's root;
 *   - every checkpoint's Ed25519 signature: over "plan-audit checkpoint v1\n<treeSize>\n<rootHash>\n<takenAt>\n"
 *     (old format), or over the C2SP checkpoint text "<origin>\n<treeSize>\n<base64 root>\n".
 * For a one-plan export, where the tree cannot be rebuilt: hashes and chains as
 * above, each event's inclusion proof against the newest checkpoint, and the
 * consistency proof linking every older checkpoint to the newest.
 *
 * For a proof bundle (plan-audit bundle, or Download proof bundle on the web pages): every
 * event re-hashed, its audit path followed to the one checkpoint's root, the checkpoint's
 * signature (and its C2SP note), the witnesses' cosignatures against --quorum, that the
 * events are what the bundle says (the event asked for; a whole stream, no gap), and with
 * --state that the checkpoint is the one trusted last time or provably extends it.
 *
 * Keys: only the keys the person verifying gives are trusted: --public-key (PEM) or the
 * logKeys of a --trust file for the log, --witness-key (vkeys) or its witnesses for the
 * witnesses. A key written in the file being checked is never trusted; without a log key
 * the verifier stops (exit 2) and prints the key id the file names, to compare.
 *
 * Findings are printed one per line, as plan-audit verify prints them:
 *   ALTERED | MISSING | INSERTED | REORDERED | TRUNCATED  #<place in log> <stream> v<version> (event <id>): <what>
 *   ROOT-MISMATCH | BAD-SIGNATURE | UNKNOWN-KEY | WRONG-ORIGIN  for checkpoints;
 *   BAD-COSIGNATURE | QUORUM-NOT-MET  for witnesses; ROLLED BACK | FORK | UNLINKED  against --state.
 * Verdict: RESULT: intact, RESULT: TAMPERED, or RESULT: NOT VERIFIED when the only findings are
 * QUORUM-NOT-MET or UNLINKED (nothing shown changed, nothing shown sound either).
 * Exit code: 0 intact, 1 tampered with (or quorum not met, or not consistent with the state),
 * 2 it could not be read or checked (no log key given, bad flags).
 */
'use strict';

const fs = require('node:fs');
const { UnreadableExport } = require('./export-lines.js');
const { verifyExport } = require('./export-check.js');
const { verifyProof, readProof } = require('./proof-check.js');
const { BUNDLE_FORMAT, verifyBundle } = require('./bundle-check.js');
const { checkCheckpoint } = require('./checkpoint-check.js');
const { loadTrust } = require('./trust.js');
const { readState, rememberCheckpoint, compareWithState, logName } = require('./state-file.js');
const { printResult, printBundleResult } = require('./output.js');
const { compareWithEarlier } = require('./earlier-copy.js');

const USAGE =
  'usage: node verify-export.js <export.jsonl | proof.json | bundle.json> --public-key key.pem [--witness-key <vkey>]... [--quorum N] [--trust trust.json] [--origin <log>] [--state state.json] [--compare-with earlier.jsonl] [--json]\n';

function parseArguments(argv) {
  const options = { files: [], keyFiles: [], witnessKeys: [], json: false };
  const value = (i, flag) => {
    if (i >= argv.length || String(argv[i]).startsWith('--')) throw new UnreadableExport(`${flag} needs a value\n${USAGE}`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--public-key') options.keyFiles.push(value(++i, flag));
    else if (flag === '--witness-key') options.witnessKeys.push(value(++i, flag));
    else if (flag === '--quorum') options.quorum = value(++i, flag);
    else if (flag === '--trust') options.trustFile = value(++i, flag);
    else if (flag === '--origin') options.origin = value(++i, flag);
    else if (flag === '--state') options.stateFile = value(++i, flag);
    else if (flag === '--compare-with') options.compareWith = value(++i, flag);
    else if (flag === '--json') options.json = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag.startsWith('--')) throw new UnreadableExport(`unknown option ${flag}\n${USAGE}`);
    else options.files.push(flag);
  }
  return options;
}

/** The key ids a file names, to print when no key was given: for comparison, never for trust. */
function keyIdsNamed(proof, file) {
  if (!proof) {
    try {
      const header = JSON.parse(fs.readFileSync(file, 'utf8').split('\n', 1)[0]);
      return (Array.isArray(header.publicKeys) ? header.publicKeys : []).map((k) => k.keyId);
    } catch {
      return [];
    }
  }
  const checkpoints = proof.type === 'consistency-proof' ? [proof.from, proof.to] : [proof.checkpoint];
  return [...new Set(checkpoints.filter(Boolean).map((c) => c.keyId))];
}

/**
 * A whole-log export rebuilds the root at the size remembered, which must be the root
 * remembered; a one-plan export must carry a consistency proof from that size.
 */
function exportAgainstState(state, newest, result) {
  const held = state.logs[logName(newest)];
  if (!held || !result.rootAt || held.treeSize >= newest.treeSize) {
    const fromSize = held && held.treeSize;
    const line = fromSize !== undefined && (result.consistency || []).find((l) => l.from === fromSize && l.to === newest.treeSize);
    return compareWithState(state, newest, line ? { fromSize, proof: line.proof } : undefined);
  }
  const root = result.rootAt(held.treeSize);
  if (root === held.rootHash) return { findings: [] };
  return { findings: [{ kind: 'fork', treeSize: held.treeSize, detail: `the first ${held.treeSize} events of this export have root ${root}, but the checkpoint of that size you trusted on ${held.trustedAt} has root ${held.rootHash}: the log was forked or rewritten` }] };
}

async function main(argv) {
  const options = parseArguments(argv);
  if (options.help || options.files.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const [file] = options.files;
  const trust = loadTrust(options);
  const proof = readProof(file);
  if (!trust.given) {
    const named = keyIdsNamed(proof, file);
    throw new UnreadableExport(
      `No log key given, so nothing can be trusted: pass --public-key with the key the council published (or a --trust file). ` +
        `A key written in the file being checked is never trusted.${named.length ? ` The file says it was signed by key ${named.join(', ')}: compare that with the key id the council published.` : ''}`,
    );
  }
  const out = (line) => process.stdout.write(`${line}\n`);
  if (proof && proof.type === 'proof-bundle') {
    if (proof.format !== BUNDLE_FORMAT) throw new UnreadableExport(`${file} is bundle format ${proof.format}; this verifier reads ${BUNDLE_FORMAT}`);
    const state = options.stateFile ? readState(options.stateFile) : undefined;
    const result = verifyBundle(proof, trust, state);
    if (options.compareWith) {
      result.findings.push(...(await compareWithEarlier(options.compareWith, file)).findings);
      result.ok = result.findings.length === 0;
    }
    printBundleResult(result, { bundle: proof, trust, state, json: options.json }, out);
    if (result.ok && state) rememberCheckpoint(state, proof.checkpoint);
    return result.ok ? 0 : 1;
  }
  if (options.stateFile && proof) throw new UnreadableExport('--state is for proof bundles and exports: download a bundle with Download proof bundle or plan-audit bundle');
  const state = options.stateFile ? readState(options.stateFile) : undefined;
  const result = proof ? verifyProof(proof, trust.logKeys) : await verifyExport(file, trust.logKeys);
  // Witnesses, when the verifier named any: the newest checkpoint the file rests on must carry their quorum.
  if (trust.witnesses.length > 0 || trust.quorum > 0) {
    const newest = proof ? (proof.type === 'inclusion-proof' ? proof.checkpoint : proof.to) : [...(result.checkpoints || [])].map((r) => r.checkpoint).sort((a, b) => b.treeSize - a.treeSize)[0];
    const witnessed = checkCheckpoint(newest || {}, trust);
    result.findings.push(...witnessed.findings.filter((f) => f.kind === 'bad-cosignature' || f.kind === 'quorum-not-met'));
    result.witnesses = witnessed;
    result.ok = result.findings.length === 0;
  }
  if (options.compareWith) {
    const earlier = await compareWithEarlier(options.compareWith, file);
    result.findings.push(...earlier.findings);
    result.ok = result.findings.length === 0;
  }
  let newestTrusted;
  if (state) {
    newestTrusted = [...result.checkpoints].filter((r) => r.status === 'verified').map((r) => r.checkpoint).sort((a, b) => b.treeSize - a.treeSize)[0];
    if (!newestTrusted) result.findings.push({ kind: 'unlinked', detail: 'no checkpoint in the export verifies, so it cannot be compared with the one you trusted last' });
    else result.findings.push(...exportAgainstState(state, newestTrusted, result).findings);
    result.ok = result.findings.length === 0;
  }
  printResult(result, { proof, givenKeys: trust.logKeys, json: options.json }, out);
  if (state && result.ok) {
    rememberCheckpoint(state, newestTrusted);
    out(`State (${state.file}): the checkpoint of ${newestTrusted.treeSize} events is now the one remembered.`);
  }
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof UnreadableExport ? '' : 'Error: '}${error.message}\n`);
    process.exitCode = 2;
  },
);
