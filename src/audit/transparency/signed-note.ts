import { createHash, KeyObject, sign, verify } from 'node:crypto';
import { ed25519PublicKeyFromRaw, rawEd25519PublicKey } from './ed25519-raw';

/**
 * C2SP signed-note (c2sp.org/signed-note): a text ending in a newline, a blank
 * line, then one line per signature — "— <key name> base64(key ID || signature)".
 * Checkpoints (tlog-checkpoint) and witness cosignatures (tlog-cosignature) are
 * both carried in this format, so anyone's note tooling can read ours.
 */

/** Signature type bytes assigned by the specification. */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;

/** The em dash and space that start every signature line. */
export const SIGNATURE_LINE_START = '\u2014 ';

/** Verifiers must accept at least 16 signatures; more than this is refused as a note too big to be honest. */
export const MAX_SIGNATURES = 64;

export interface NoteSignature {
  keyName: string;
  /** uint32, big-endian on the wire. */
  keyId: number;
  /** The bytes after the key ID: for Ed25519 a 64-byte signature, for a cosignature 8 bytes of time then 64. */
  signature: Buffer;
}

export interface ParsedNote {
  /** The note text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export class MalformedNote extends Error {}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], as a uint32. */
export function noteKeyId(keyName: string, signatureType: number, rawPublicKey: Uint8Array): number {
  const digest = createHash('sha256').update(Buffer.from(`${keyName}\n`, 'utf8')).update(Buffer.from([signatureType])).update(rawPublicKey).digest();
  return digest.readUInt32BE(0);
}

export function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControlCharacters(name);
}

function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f]/.test(text);
}

export function signatureLine(keyName: string, keyId: number, signature: Uint8Array): string {
  const bytes = Buffer.alloc(4 + signature.length);
  bytes.writeUInt32BE(keyId >>> 0, 0);
  Buffer.from(signature).copy(bytes, 4);
  return `${SIGNATURE_LINE_START}${keyName} ${bytes.toString('base64')}\n`;
}

/** Reads one "— name base64" line (with or without its newline). */
export function parseSignatureLine(line: string): NoteSignature {
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!text.startsWith(SIGNATURE_LINE_START)) throw new MalformedNote('a signature line must start with an em dash and a space');
  const rest = text.slice(SIGNATURE_LINE_START.length);
  const space = rest.lastIndexOf(' ');
  if (space <= 0) throw new MalformedNote('a signature line must name its key, then a space, then the signature');
  const keyName = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (!validKeyName(keyName)) throw new MalformedNote(`"${keyName}" is not a valid key name (no spaces, no "+")`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw new MalformedNote('a signature must be standard base64');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 5) throw new MalformedNote('a signature must hold a 4-byte key ID and the signature');
  return { keyName, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

/** Splits a signed note into its text and signatures, refusing anything the specification calls malformed. */
export function parseNote(note: string): ParsedNote {
  if (hasControlCharacters(note)) throw new MalformedNote('a note must not contain control characters other than newline');
  if (!note.endsWith('\n')) throw new MalformedNote('a note must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNote('a note must separate its text from its signatures by a blank line');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNote(`a note may carry at most ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map(parseSignatureLine);
  if (signatures.length === 0) throw new MalformedNote('a note must carry at least one signature');
  return { text, signatures };
}

export function formatNote(text: string, signatureLines: string[]): string {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  return `${text}\n${signatureLines.join('')}`;
}

/** A key that signs notes with plain Ed25519 (type 0x01): the log's key. */
export class NoteSigner {
  readonly keyId: number;
  constructor(
    readonly keyName: string,
    private readonly privateKey: KeyObject,
  ) {
    if (!validKeyName(keyName)) throw new Error(`"${keyName}" cannot name a note key: no spaces and no "+"`);
    this.keyId = noteKeyId(keyName, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(privateKey));
  }

  /** The signature line for `text` (which must end with a newline). */
  sign(text: string): string {
    return signatureLine(this.keyName, this.keyId, sign(null, Buffer.from(text, 'utf8'), this.privateKey));
  }

  get verifier(): NoteVerifier {
    return NoteVerifier.ed25519(this.keyName, rawEd25519PublicKey(this.privateKey));
  }
}

/** A public key a verifier chose to trust, identified as notes identify it: by name and key ID. */
export class NoteVerifier {
  private constructor(
    readonly keyName: string,
    readonly keyId: number,
    readonly signatureType: number,
    readonly publicKey: KeyObject,
    readonly rawPublicKey: Buffer,
  ) {}

  static ed25519(keyName: string, rawPublicKey: Uint8Array): NoteVerifier {
    return NoteVerifier.ofType(keyName, SIGNATURE_TYPE.ed25519, rawPublicKey);
  }

  static ofType(keyName: string, signatureType: number, rawPublicKey: Uint8Array): NoteVerifier {
    if (!validKeyName(keyName)) throw new Error(`"${keyName}" is not a valid key name`);
    const raw = Buffer.from(rawPublicKey);
    return new NoteVerifier(keyName, noteKeyId(keyName, signatureType, raw), signatureType, ed25519PublicKeyFromRaw(raw), raw);
  }

  /** Reads a vkey: `<name>+<hex key ID>+base64(type || public key)`, checking the ID matches the key. */
  static fromVkey(vkey: string): NoteVerifier {
    // The key's base64 may itself hold "+", so only the first two "+" separate (a key name has none).
    const text = vkey.trim();
    const first = text.indexOf('+');
    const second = first < 0 ? -1 : text.indexOf('+', first + 1);
    if (second < 0) throw new Error(`"${vkey}" is not a verifier key: expected name+keyid+key`);
    const [keyName, idHex, encoded] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
    if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error(`the key ID in "${vkey}" must be 8 lowercase hex digits`);
    const material = Buffer.from(encoded, 'base64');
    if (material.length !== 33) throw new Error(`"${vkey}" does not hold a type byte and a 32-byte Ed25519 key`);
    const type = material[0];
    if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) throw new Error(`"${vkey}" is of signature type 0x${type.toString(16)}; only Ed25519 (0x01) and cosignature/v1 (0x04) are known`);
    const verifier = NoteVerifier.ofType(keyName, type, material.subarray(1));
    if (verifier.keyId !== parseInt(idHex, 16)) throw new Error(`the key ID in "${vkey}" does not match its key`);
    return verifier;
  }

  get vkey(): string {
    const id = (this.keyId >>> 0).toString(16).padStart(8, '0');
    return `${this.keyName}+${id}+${Buffer.concat([Buffer.from([this.signatureType]), this.rawPublicKey]).toString('base64')}`;
  }

  matches(signature: NoteSignature): boolean {
    return signature.keyName === this.keyName && signature.keyId === this.keyId;
  }

  /** For type 0x01 only: does `signature` sign `text`? Cosignatures are checked in cosignature.ts. */
  verifies(text: string, signature: NoteSignature): boolean {
    if (this.signatureType !== SIGNATURE_TYPE.ed25519 || !this.matches(signature) || signature.signature.length !== 64) return false;
    try {
      return verify(null, Buffer.from(text, 'utf8'), this.publicKey, signature.signature);
    } catch {
      return false;
    }
  }
}

/**
 * Opens a note with the keys the reader trusts: signatures from other keys are
 * ignored (as the specification requires), a trusted key's signature that fails
 * rejects the whole note, and a note no trusted key signed is rejected.
 */
export function openNote(note: string, trusted: NoteVerifier[]): { text: string; signedBy: NoteVerifier[]; signatures: NoteSignature[] } {
  const parsed = parseNote(note);
  const signedBy: NoteVerifier[] = [];
  for (const signature of parsed.signatures) {
    const key = trusted.find((k) => k.signatureType === SIGNATURE_TYPE.ed25519 && k.matches(signature));
    if (!key) continue;
    if (!key.verifies(parsed.text, signature)) throw new MalformedNote(`the signature by ${key.keyName} does not verify`);
    if (!signedBy.includes(key)) signedBy.push(key);
  }
  if (signedBy.length === 0) throw new MalformedNote('no key the reader trusts signed this note');
  return { text: parsed.text, signedBy, signatures: parsed.signatures };
}
