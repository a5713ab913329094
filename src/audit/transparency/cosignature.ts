import { KeyObject, sign, verify } from 'node:crypto';
import { rawEd25519PublicKey } from './ed25519-raw';
import { NoteSignature, NoteVerifier, noteKeyId, SIGNATURE_TYPE, signatureLine, validKeyName } from './signed-note';

/**
 * C2SP tlog-cosignature, Ed25519 version (cosignature/v1): a witness's statement
 * that, at `timestamp`, the checkpoint is the largest consistent tree it has seen
 * for that log. On the wire: key ID, then 8 bytes of time, then the signature, over
 * "cosignature/v1\ntime <t>\n" followed by the checkpoint's text.
 */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

export class Cosigner {
  readonly keyId: number;
  constructor(
    readonly keyName: string,
    private readonly privateKey: KeyObject,
  ) {
    if (!validKeyName(keyName)) throw new Error(`"${keyName}" cannot name a witness: no spaces and no "+"`);
    this.keyId = noteKeyId(keyName, SIGNATURE_TYPE.cosignatureV1, rawEd25519PublicKey(privateKey));
  }

  /** The signature line to hand back from add-checkpoint; `timestamp` in whole seconds since 1970. */
  cosign(checkpointText: string, timestamp = Math.floor(Date.now() / 1000)): string {
    if (!Number.isSafeInteger(timestamp) || timestamp <= 0) throw new Error('a cosignature needs a positive timestamp');
    const body = Buffer.alloc(8 + 64);
    body.writeBigUInt64BE(BigInt(timestamp), 0);
    sign(null, cosignedMessage(checkpointText, timestamp), this.privateKey).copy(body, 8);
    return signatureLine(this.keyName, this.keyId, body);
  }

  get verifier(): NoteVerifier {
    return NoteVerifier.ofType(this.keyName, SIGNATURE_TYPE.cosignatureV1, rawEd25519PublicKey(this.privateKey));
  }
}

/** The time a cosignature states, if `witness` made it over `checkpointText`; undefined if it does not verify. */
export function verifyCosignature(checkpointText: string, signature: NoteSignature, witness: NoteVerifier): number | undefined {
  if (witness.signatureType !== SIGNATURE_TYPE.cosignatureV1 || !witness.matches(signature) || signature.signature.length !== 72) return undefined;
  const stamp = signature.signature.readBigUInt64BE(0);
  if (stamp === 0n || stamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const timestamp = Number(stamp);
  try {
    return verify(null, cosignedMessage(checkpointText, timestamp), witness.publicKey, signature.signature.subarray(8)) ? timestamp : undefined;
  } catch {
    return undefined;
  }
}
