import { createPublicKey, KeyObject } from 'node:crypto';

/**
 * C2SP notes name Ed25519 public keys by their 32 raw bytes (RFC 8032), while
 * Node holds them as KeyObjects. These two convert, through JWK, which carries
 * exactly those bytes as `x`.
 */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}
