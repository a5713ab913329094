'use strict';

// C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and
// cosignatures (c2sp.org/tlog-cosignature), read with node:crypto alone.

const crypto = require('node:crypto');
const { sha256 } = require('./event-hash.js');

const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 };
const LINE_START = '\u2014 ';
const MAX_SIGNATURES = 64;

class MalformedNote extends Error {}

/** The 32 raw bytes of an Ed25519 public key (what notes name keys by). */
function rawPublicKey(key) {
  return Buffer.from(key.export({ format: 'jwk' }).x, 'base64url');
}

function publicKeyFromRaw(raw) {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], as a uint32. */
function noteKeyId(keyName, signatureType, raw) {
  return sha256(Buffer.concat([Buffer.from(`${keyName}\n`, 'utf8'), Buffer.from([signatureType]), Buffer.from(raw)])).readUInt32BE(0);
}

function validKeyName(name) {
  return typeof name === 'string' && name.length > 0 && !/[\s+\u0000-\u001f]/u.test(name);
}

function parseSignatureLine(line) {
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!text.startsWith(LINE_START)) throw new MalformedNote('a signature line must start with an em dash and a space');
  const rest = text.slice(LINE_START.length);
  const space = rest.lastIndexOf(' ');
  if (space <= 0) throw new MalformedNote('a signature line names its key, then a space, then the signature');
  const keyName = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (!validKeyName(keyName)) throw new MalformedNote(`"${keyName}" is not a valid key name`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw new MalformedNote('a signature must be standard base64');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 5) throw new MalformedNote('a signature holds a 4-byte key ID and the signature');
  return { keyName, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4), line: `${text}\n` };
}

/** Splits a signed note into its text and its signature lines. */
function parseNote(note) {
  if (typeof note !== 'string') throw new MalformedNote('the note is not text');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new MalformedNote('a note must not contain control characters other than newline');
  if (!note.endsWith('\n')) throw new MalformedNote('a note must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNote('a note separates its text from its signatures by a blank line');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNote(`a note carries at most ${MAX_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

/** The text a C2SP checkpoint signs: origin, size, base64 root, one per line. */
function checkpointText(origin, treeSize, rootHashHex) {
  return `${origin}\n${treeSize}\n${Buffer.from(String(rootHashHex), 'hex').toString('base64')}\n`;
}

function parseCheckpointText(text) {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new MalformedNote('a checkpoint has an origin, a tree size and a root hash, one per line');
  const [origin, size, root] = lines;
  if (!origin) throw new MalformedNote("the checkpoint's origin is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new MalformedNote(`"${size}" is not a tree size`);
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) throw new MalformedNote(`"${root}" is not a base64 SHA-256 root hash`);
  return { origin, treeSize: Number(size), rootHash: rootHash.toString('hex') };
}

/** A verifier key, `<name>+<hex key ID>+base64(type || 32-byte key)`, checked: its key ID must match its key. */
function parseVkey(vkey) {
  // Key names hold no "+", but base64 may: split at the first two only.
  const text = String(vkey).trim();
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error(`"${vkey}" is not a verifier key: expected name+keyid+key`);
  const [keyName, idHex, encoded] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error(`the key in "${vkey}" is not base64`);
  if (!validKeyName(keyName)) throw new Error(`"${keyName}" in "${vkey}" is not a valid key name`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error(`the key ID in "${vkey}" must be 8 lowercase hex digits`);
  const material = Buffer.from(encoded, 'base64');
  if (material.length !== 33) throw new Error(`"${vkey}" does not hold a type byte and a 32-byte Ed25519 key`);
  const type = material[0];
  if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) throw new Error(`"${vkey}" is of signature type 0x${type.toString(16)}; only Ed25519 (0x01) and cosignature/v1 (0x04) are known`);
  const raw = material.subarray(1);
  const keyId = noteKeyId(keyName, type, raw);
  if (keyId !== parseInt(idHex, 16)) throw new Error(`the key ID in "${vkey}" does not match its key`);
  return { keyName, keyId, signatureType: type, publicKey: publicKeyFromRaw(raw), vkey: String(vkey).trim() };
}

function matches(key, signature) {
  return signature.keyName === key.keyName && signature.keyId === key.keyId;
}

/** The time a witness's cosignature states, if it signs `text`; undefined if it does not verify. */
function verifyCosignature(text, signature, witness) {
  if (witness.signatureType !== SIGNATURE_TYPE.cosignatureV1 || !matches(witness, signature) || signature.signature.length !== 72) return undefined;
  const stamp = signature.signature.readBigUInt64BE(0);
  if (stamp === 0n || stamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const timestamp = Number(stamp);
  try {
    return crypto.verify(null, Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8'), witness.publicKey, signature.signature.subarray(8)) ? timestamp : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { SIGNATURE_TYPE, MalformedNote, rawPublicKey, noteKeyId, parseSignatureLine, parseNote, checkpointText, parseCheckpointText, parseVkey, matches, verifyCosignature };
