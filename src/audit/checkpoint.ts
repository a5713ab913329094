import { KeyObject, sign, verify } from 'node:crypto';

/**
 * A signed statement that the log's first `treeSize` events, in global order,
 * have the Merkle root `rootHash`. Anyone holding the public key can check it;
 * nobody without the private key can make one.
 */
export interface Checkpoint {
  treeSize: number;
  /** RFC 6962 Merkle Tree Hash, hex. */
  rootHash: string;
  /** When it was signed, ISO 8601. */
  takenAt: string;
  /** Fingerprint of the signing key: hex SHA-256 of its DER (SPKI) public key. */
  keyId: string;
  /** Ed25519 signature over checkpointStatement(), base64. */
  signature: string;
}

export const CHECKPOINT_FORMAT = 'plan-audit checkpoint v1';

/**
 * The exact bytes signed, as UTF-8 text, one value per line: simple enough for an
 * auditor to rebuild by hand, and the first line keeps the signature from being
 * valid for any other kind of message signed with the same key.
 */
export function checkpointStatement(c: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>): string {
  return `${CHECKPOINT_FORMAT}\n${c.treeSize}\n${c.rootHash}\n${c.takenAt}\n`;
}

export function signCheckpoint(fields: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>, privateKey: KeyObject, keyId: string): Checkpoint {
  const signature = sign(null, Buffer.from(checkpointStatement(fields), 'utf8'), privateKey).toString('base64');
  return { treeSize: fields.treeSize, rootHash: fields.rootHash, takenAt: fields.takenAt, keyId, signature };
}

export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointStatement(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Only the signed fields and the key id, in a fixed order: what is exported and what a proof refers to. */
export function publicCheckpoint(c: Checkpoint): Checkpoint {
  return { treeSize: c.treeSize, rootHash: c.rootHash, takenAt: c.takenAt, keyId: c.keyId, signature: c.signature };
}
