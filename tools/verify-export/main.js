#!/usr/bin/env node
/*
 * verify-export — check a plan-audit export, or a proof, without trusting the
 * server that made it.
 *
 *   node tools/verify-export.js export.jsonl [--public-key council.pem]... [--json]
 *   node tools/verify-export.js proof.json   [--public-key council.pem]...
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
 *   stream-chains.js    naming what happened to a stream whose chain is broken
 *   tree-explainer.js   which change, undone, brings every signed root back
 *   export-check.js     checking a whole-log or one-plan export
 *   proof-check.js      checking a proof file
 *   output.js           findings and verdict as text or JSON
 *
 * What it checks, for an export of the whole log:
 *   - every event re-hashes to its stored hash: SHA-256 over the RFC 8785 (JCS)
 *     canonical JSON of the event without "hash" and "globalPosition";
 *   - in every stream, versions run 0, 1, 2… and each prevHash is the hash of the
 *     event before (null for the first);
 *   - the RFC 9162 Merkle root over the event hashes, in file order, at every
 *     checkpoint's tree size equals the checkpoint's root;
 *   - every checkpoint's Ed25519 signature over
 *     "plan-audit checkpoint v1\n<treeSize>\n<rootHash>\n<takenAt>\n".
 * For a one-plan export, where the tree cannot be rebuilt: hashes and chains as
 * above, each event's inclusion proof against the newest checkpoint, and the
 * consistency proof linking every older checkpoint to the newest.
 *
 * Keys: with --public-key, only the keys given are trusted. Without it, the keys
 * written in the export are used, and their key ids are printed: compare them with
 * the key id the council published, or the export could have been re-signed.
 *
 * Findings are printed one per line, as plan-audit verify prints them:
 *   ALTERED | MISSING | INSERTED | REORDERED | TRUNCATED  #<place in log> <stream> v<version> (event <id>): <what>
 *   ROOT-MISMATCH | BAD-SIGNATURE | UNKNOWN-KEY  for checkpoints.
 * Exit code: 0 the export is intact, 1 it was tampered with, 2 it could not be read.
 */
'use strict';

const { UnreadableExport } = require('./export-lines.js');
const { loadKeys } = require('./signatures.js');
const { verifyExport } = require('./export-check.js');
const { verifyProof, readProof } = require('./proof-check.js');
const { printResult } = require('./output.js');

function parseArguments(argv) {
  const options = { files: [], keyFiles: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--public-key') options.keyFiles.push(argv[++i]);
    else if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else options.files.push(argv[i]);
  }
  return options;
}

async function main(argv) {
  const options = parseArguments(argv);
  if (options.help || options.files.length !== 1) {
    process.stderr.write('usage: node verify-export.js <export.jsonl | proof.json> [--public-key key.pem]... [--json]\n');
    return 2;
  }
  const [file] = options.files;
  const givenKeys = loadKeys(options.keyFiles);
  const proof = readProof(file);
  const result = proof ? verifyProof(proof, givenKeys) : await verifyExport(file, givenKeys);
  printResult(result, { proof, givenKeys, json: options.json }, (line) => process.stdout.write(`${line}\n`));
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
