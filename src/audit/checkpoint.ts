import { KeyObject, sign, verify } from 'node:crypto';
import { rawEd25519PublicKey } from './transparency/ed25519-raw';
import { formatNote, NoteSignature, noteKeyId, parseSignatureLine, SIGNATURE_TYPE, signatureLine } from './transparency/signed-note';
import { checkpointText } from './transparency/tlog-checkpoint';

/**
 * A signed statement that the log's first `treeSize` events, in global order,
 * have the Merkle root `rootHash`. Anyone holding the public key can check it;
 * nobody without the private key can make one.
 *
 * Two formats. Checkpoints signed since witnesses came are C2SP checkpoints
 * (`format: 'tlog-checkpoint'`, c2sp.org/tlog-checkpoint): the signed text is
 * "<origin>\n<size>\n<base64 root>\n", the form witnesses cosign and any
 * transparency-log tool reads. Earlier ones (no `format`) signed
 * checkpointStatement() and still verify, so old exports keep their meaning.
 */
export interface Checkpoint {
  treeSize: number;
  /** RFC 6962 Merkle Tree Hash, hex. */
  rootHash: string;
  /** When it was signed, ISO 8601. Signed in the v1 format; in a C2SP checkpoint the witnesses' cosignatures carry the signed times. */
  takenAt: string;
  /** Fingerprint of the signing key: hex SHA-256 of its DER (SPKI) public key. */
  keyId: string;
  /** Ed25519 signature, base64: over checkpointStatement() (v1) or over the checkpoint text (C2SP). */
  signature: string;
  format?: typeof TLOG_CHECKPOINT_FORMAT;
  /** The log's name in a C2SP checkpoint, and the key name on its signature line. */
  origin?: string;
  /** Witnesses' cosignature lines ("— <witness> base64…"), as they returned them. */
  cosignatures?: string[];
}

export const CHECKPOINT_FORMAT = 'plan-audit checkpoint v1';
export const TLOG_CHECKPOINT_FORMAT = 'tlog-checkpoint';

/**
 * The exact bytes signed in the v1 format, as UTF-8 text, one value per line: simple
 * enough for an auditor to rebuild by hand, and the first line keeps the signature
 * from being valid for any other kind of message signed with the same key.
 */
export function checkpointStatement(c: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>): string {
  return `${CHECKPOINT_FORMAT}\n${c.treeSize}\n${c.rootHash}\n${c.takenAt}\n`;
}

/** The text a checkpoint's signature covers, in whichever format it was signed. */
export function signedText(c: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt' | 'format' | 'origin'>): string {
  if (c.format === TLOG_CHECKPOINT_FORMAT) {
    if (!c.origin) throw new Error('a C2SP checkpoint names its origin');
    return checkpointText(c.origin, c.treeSize, Buffer.from(c.rootHash, 'hex'));
  }
  return checkpointStatement(c);
}

/** Signs in the old format: kept for tests and tools that make v1 checkpoints on purpose. */
export function signCheckpoint(fields: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>, privateKey: KeyObject, keyId: string): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointStatement(fields), 'utf8'), privateKey).toString('base64');
  return { treeSize: fields.treeSize, rootHash: fields.rootHash, takenAt: fields.takenAt, keyId, signature };
}

/** Signs a C2SP checkpoint for the log called `origin`. */
export function signTlogCheckpoint(fields: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>, origin: string, privateKey: KeyObject, keyId: string): Checkpoint {
  const unsigned = { ...fields, format: TLOG_CHECKPOINT_FORMAT, origin } as const;
  const signature = sign(null, Buffer.from(signedText(unsigned), 'utf8'), privateKey).toString('base64');
  return { treeSize: fields.treeSize, rootHash: fields.rootHash, takenAt: fields.takenAt, keyId, signature, format: TLOG_CHECKPOINT_FORMAT, origin };
}

export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(signedText(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The log's own signature line on a C2SP checkpoint: key name = origin, key ID per signed-note. */
export function logSignatureLine(checkpoint: Checkpoint, publicKey: KeyObject): string {
  if (checkpoint.format !== TLOG_CHECKPOINT_FORMAT || !checkpoint.origin) throw new Error('only a C2SP checkpoint has a note form');
  const keyId = noteKeyId(checkpoint.origin, SIGNATURE_TYPE.ed25519, rawEd25519PublicKey(publicKey));
  return signatureLine(checkpoint.origin, keyId, Buffer.from(checkpoint.signature, 'base64'));
}

/**
 * The checkpoint as a C2SP signed note: its text, the log's signature, then every
 * cosignature it carries. This is what is sent to witnesses and what bundles carry.
 */
export function checkpointNote(checkpoint: Checkpoint, publicKey: KeyObject): string {
  return formatNote(signedText(checkpoint), [logSignatureLine(checkpoint, publicKey), ...(checkpoint.cosignatures ?? []).map((line) => (line.endsWith('\n') ? line : `${line}\n`))]);
}

/** The cosignature lines a checkpoint carries, parsed (malformed ones are dropped: they prove nothing). */
export function cosignaturesOf(checkpoint: Checkpoint): NoteSignature[] {
  const parsed: NoteSignature[] = [];
  for (const line of checkpoint.cosignatures ?? []) {
    try {
      parsed.push(parseSignatureLine(line));
    } catch {
      // A line that is not a signature cannot count towards a quorum.
    }
  }
  return parsed;
}

/** Only the signed fields, the key id and the cosignatures, in a fixed order: what is exported and what a proof refers to. */
export function publicCheckpoint(c: Checkpoint): Checkpoint {
  const base: Checkpoint = { treeSize: c.treeSize, rootHash: c.rootHash, takenAt: c.takenAt, keyId: c.keyId, signature: c.signature };
  if (c.format !== TLOG_CHECKPOINT_FORMAT) return base;
  return { ...base, format: c.format, origin: c.origin, ...(c.cosignatures?.length ? { cosignatures: [...c.cosignatures] } : {}) };
}
