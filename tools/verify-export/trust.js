'use strict';

// What the person verifying trusts, and only that: the log's public key(s), the witnesses'
// keys and how many of them must have cosigned. Never a key found in the file being checked.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { UnreadableExport } = require('./export-lines.js');
const { keyIdOf } = require('./signatures.js');
const { SIGNATURE_TYPE, parseVkey } = require('./signed-note.js');

/**
 * A log key given as a PEM file, PEM text, or a C2SP vkey of type Ed25519 (whose name
 * is then the only origin accepted for checkpoints that key signs).
 */
function logKeyOf(entry, baseDir, where) {
  const text = String(entry).trim();
  if (text.includes('BEGIN PUBLIC KEY')) return { key: crypto.createPublicKey(text) };
  if (/^[^+\s]+\+[0-9a-f]{8}\+/.test(text)) {
    const vkey = parseVkey(text);
    if (vkey.signatureType !== SIGNATURE_TYPE.ed25519) throw new UnreadableExport(`${where}: "${text}" is a witness's key (cosignature/v1), not a log's`);
    return { key: vkey.publicKey, origin: vkey.keyName };
  }
  const file = path.resolve(baseDir, text);
  if (!fs.existsSync(file)) throw new UnreadableExport(`${where}: "${text}" is neither a PEM public key, a vkey, nor a file that exists`);
  return { key: crypto.createPublicKey(fs.readFileSync(file)) };
}

function witnessKeyOf(vkey, where) {
  let key;
  try {
    key = parseVkey(vkey);
  } catch (error) {
    throw new UnreadableExport(`${where}: ${error.message}`);
  }
  if (key.signatureType !== SIGNATURE_TYPE.cosignatureV1) throw new UnreadableExport(`${where}: "${vkey}" is not a witness key (cosignature/v1, type 0x04)`);
  return key;
}

/**
 * Builds the trust from the command line: --public-key files, --witness-key vkeys, --quorum,
 * --origin and a --trust file {"logKeys": [...], "witnesses": [vkey...], "quorum": N, "origin": "..."}.
 * Flags add to the file; --quorum overrides its quorum. Without --quorum the quorum is every
 * witness given: lower it on purpose, not by default.
 */
function loadTrust({ keyFiles, witnessKeys, quorum, trustFile, origin }) {
  const logKeys = new Map();
  const origins = new Map();
  const witnesses = [];
  let fileQuorum;
  let fileOrigin;
  const addLogKey = ({ key, origin: keyOrigin }) => {
    if (key.asymmetricKeyType !== 'ed25519') throw new UnreadableExport('log keys are Ed25519 public keys');
    const keyId = keyIdOf(key);
    logKeys.set(keyId, key);
    if (keyOrigin) origins.set(keyId, keyOrigin);
  };
  if (trustFile) {
    let trust;
    try {
      trust = JSON.parse(fs.readFileSync(trustFile, 'utf8'));
    } catch (error) {
      throw new UnreadableExport(`--trust ${trustFile} cannot be read as JSON: ${error.message}`);
    }
    const baseDir = path.dirname(path.resolve(trustFile));
    for (const entry of Array.isArray(trust.logKeys) ? trust.logKeys : []) addLogKey(logKeyOf(entry, baseDir, `--trust ${trustFile}`));
    for (const vkey of Array.isArray(trust.witnesses) ? trust.witnesses : []) witnesses.push(witnessKeyOf(vkey, `--trust ${trustFile}`));
    if (trust.quorum !== undefined) fileQuorum = trust.quorum;
    if (trust.origin !== undefined) fileOrigin = String(trust.origin);
  }
  for (const file of keyFiles) {
    if (!file) throw new UnreadableExport('--public-key needs a PEM file');
    addLogKey(logKeyOf(file, process.cwd(), '--public-key'));
  }
  for (const vkey of witnessKeys) {
    if (!vkey) throw new UnreadableExport('--witness-key needs a vkey, e.g. witness.example+1a2b3c4d+BA…');
    witnesses.push(witnessKeyOf(vkey, '--witness-key'));
  }
  const wanted = quorum !== undefined ? quorum : fileQuorum !== undefined ? fileQuorum : witnesses.length;
  const n = Number(wanted);
  if (!Number.isSafeInteger(n) || n < 0 || String(wanted).trim() === '') throw new UnreadableExport(`the quorum "${wanted}" is not a whole number of witnesses`);
  if (n > witnesses.length) throw new UnreadableExport(`a quorum of ${n} needs at least ${n} witness keys; ${witnesses.length} given`);
  return { logKeys, origins, witnesses, quorum: n, origin: origin ?? fileOrigin, given: logKeys.size > 0 };
}

module.exports = { loadTrust };
