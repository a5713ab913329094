'use strict';

// Checkpoints and keys: which keys are trusted, and whether each checkpoint's Ed25519 signature holds.

const crypto = require('node:crypto');
const fs = require('node:fs');
const { sha256 } = require('./event-hash.js');
const { UnreadableExport } = require('./export-lines.js');
const { checkpointText } = require('./signed-note.js');

const TLOG_CHECKPOINT_FORMAT = 'tlog-checkpoint';
const validOrigin = (origin) => typeof origin === 'string' && origin.length > 0 && !/[\s+\u0000-\u001f]/u.test(origin);

/** The text a checkpoint's signature covers: a C2SP checkpoint's (origin, size, base64 root), or the v1 statement. */
function checkpointStatement(c) {
  if (c.format === TLOG_CHECKPOINT_FORMAT) {
    if (!validOrigin(c.origin)) throw new Error('a C2SP checkpoint names a valid origin');
    return checkpointText(c.origin, c.treeSize, c.rootHash);
  }
  return `plan-audit checkpoint v1\n${c.treeSize}\n${c.rootHash}\n${c.takenAt}\n`;
}

function keyIdOf(key) {
  return sha256(key.export({ type: 'spki', format: 'der' })).toString('hex');
}

function signatureValid(checkpoint, key) {
  try {
    return crypto.verify(null, Buffer.from(checkpointStatement(checkpoint), 'utf8'), key, Buffer.from(String(checkpoint.signature), 'base64'));
  } catch {
    return false;
  }
}

/** Signature first: a checkpoint whose signature fails says nothing about the log. */
function checkpointTrust(checkpoint, keys) {
  const key = keys.get(checkpoint.keyId);
  if (!key) return 'unknown-key';
  return signatureValid(checkpoint, key) ? 'trusted' : 'bad-signature';
}

function signatureFindings(checkpoints, keys) {
  const findings = [];
  for (const c of checkpoints) {
    const trust = checkpointTrust(c, keys);
    if (trust === 'unknown-key') findings.push({ kind: 'unknown-key', treeSize: c.treeSize, detail: `checkpoint of ${c.treeSize} events taken at ${c.takenAt} is signed by key ${c.keyId}, which is not one you gave: its claims cannot be checked` });
    if (trust === 'bad-signature') findings.push({ kind: 'bad-signature', treeSize: c.treeSize, detail: `checkpoint of ${c.treeSize} events taken at ${c.takenAt} does not carry a valid signature: it was forged or altered` });
  }
  return findings;
}

function keysFromHeader(header) {
  const keys = new Map();
  for (const k of Array.isArray(header.publicKeys) ? header.publicKeys : []) {
    try {
      const key = crypto.createPublicKey(k.pem);
      keys.set(keyIdOf(key), key);
    } catch {
      // A key that does not parse trusts nothing.
    }
  }
  return keys;
}

function loadKeys(keyFiles) {
  if (keyFiles.length === 0) return undefined;
  const keys = new Map();
  for (const file of keyFiles) {
    if (!file) throw new UnreadableExport('--public-key needs a PEM file');
    const key = crypto.createPublicKey(fs.readFileSync(file));
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

module.exports = { TLOG_CHECKPOINT_FORMAT, checkpointStatement, keyIdOf, checkpointTrust, signatureFindings, keysFromHeader, loadKeys };
