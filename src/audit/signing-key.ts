import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, signCheckpoint } from './checkpoint';

export const KEYS_FOLDER = 'keys';
export const PRIVATE_KEY_FILE = 'checkpoint-signing.key';
export const PUBLIC_KEY_FILE = 'checkpoint-signing.pub';
/** Public keys of other signers whose checkpoints this store holds (a restored export's), one `<keyId>.pub` each. */
export const TRUSTED_KEYS_FOLDER = 'trusted';

/**
 * The Ed25519 key pair that signs checkpoints. Created on first start in the data
 * folder — private key readable by the owner only, in a folder only the owner can
 * enter — and loaded on every start after. Servers sharing one log must share this
 * folder, or their checkpoints are signed by keys an auditor was not given.
 */
export class CheckpointSigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    /** hex SHA-256 of the DER (SPKI) public key: what checkpoints name and auditors compare. */
    readonly keyId: string,
    readonly folder: string,
  ) {}

  static loadOrCreate(dataDir: string): CheckpointSigningKey {
    const folder = join(dataDir, KEYS_FOLDER);
    const privateFile = join(folder, PRIVATE_KEY_FILE);
    const publicFile = join(folder, PUBLIC_KEY_FILE);
    if (!existsSync(privateFile)) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      chmodSync(folder, 0o700);
      const pair = generateKeyPairSync('ed25519');
      // 'wx' refuses to overwrite: if another process created the key meanwhile, we load theirs below.
      try {
        writeFileSync(privateFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const privateKey = createPrivateKey(readFileSync(privateFile));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateFile} is not an Ed25519 private key`);
    const publicKey = createPublicKey(privateKey);
    const pem = publicKeyPem(publicKey);
    if (!existsSync(publicFile) || readFileSync(publicFile, 'utf8') !== pem) writeFileSync(publicFile, pem, { mode: 0o644 });
    return new CheckpointSigningKey(privateKey, publicKey, keyIdOf(publicKey), folder);
  }

  get publicKeyPem(): string {
    return publicKeyPem(this.publicKey);
  }

  get publicKeyFile(): string {
    return join(this.folder, PUBLIC_KEY_FILE);
  }

  sign(fields: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>): Checkpoint {
    return signCheckpoint(fields, this.privateKey, this.keyId);
  }

  /** Every key whose checkpoints verify accepts: this one, and those trusted on restore. */
  trustedKeys(): Map<string, KeyObject> {
    const keys = new Map<string, KeyObject>([[this.keyId, this.publicKey]]);
    const folder = join(this.folder, TRUSTED_KEYS_FOLDER);
    if (!existsSync(folder)) return keys;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.pub'))) {
      const key = createPublicKey(readFileSync(join(folder, file)));
      keys.set(keyIdOf(key), key);
    }
    return keys;
  }

  /**
   * Accept checkpoints signed by another key from now on: used when restoring an
   * export, whose checkpoints were signed by the exporting server. Returns the key id,
   * which the operator should compare with the one the exporting council published.
   */
  trust(pem: string): string {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('only Ed25519 public keys sign checkpoints');
    const keyId = keyIdOf(key);
    if (keyId === this.keyId) return keyId;
    const folder = join(this.folder, TRUSTED_KEYS_FOLDER);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, `${keyId}.pub`), publicKeyPem(key), { mode: 0o644 });
    return keyId;
  }
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export const CHECKPOINT_SIGNING_KEY = Symbol('CheckpointSigningKey');
