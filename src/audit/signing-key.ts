import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpoint, signCheckpoint, signTlogCheckpoint } from './checkpoint';
import { rawEd25519PublicKey } from './transparency/ed25519-raw';
import { NoteVerifier } from './transparency/signed-note';
import { validOrigin } from './transparency/tlog-checkpoint';
import { prepareSignerFolder } from './signer-folder';

/** Where the key used to live, inside the data folder: moved out to the signer folder on first start. */
export const KEYS_FOLDER = 'keys';
export const PRIVATE_KEY_FILE = 'checkpoint-signing.key';
export const PUBLIC_KEY_FILE = 'checkpoint-signing.pub';
/** Public keys of other signers whose checkpoints this server accepts (a restored export's), one `<keyId>.pub` each, in the signer folder. */
export const TRUSTED_KEYS_FOLDER = 'trusted';

/**
 * The Ed25519 key pair that signs checkpoints. Created on first start in the signer folder
 * (src/audit/signer-folder.ts: outside the data folder, owner-only; the private key 0600) and
 * loaded on every start after. A key left in the data folder by an earlier version is moved
 * there on first start. Servers sharing one log must share this folder, or their checkpoints
 * are signed by keys an auditor was not given.
 */
export class CheckpointSigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    /** hex SHA-256 of the DER (SPKI) public key: what checkpoints name and auditors compare. */
    readonly keyId: string,
    /** The signer folder. */
    readonly folder: string,
    /**
     * The log's name (LOG_ORIGIN) when heads are signed as C2SP checkpoints (c2sp.org/tlog-checkpoint),
     * the form witnesses cosign; absent, they are signed in the earlier `plan-audit checkpoint v1` form.
     */
    readonly origin?: string,
  ) {}

  /** The log's verifier key in C2SP form (`<origin>+<key id>+<base64 0x01‖key>`), for witnesses (`--log`) and verifiers; only with an origin. */
  get vkey(): string | undefined {
    return this.origin ? NoteVerifier.ed25519(this.origin, rawEd25519PublicKey(this.publicKey)).vkey : undefined;
  }

  /**
   * Load the key from `signerDir`, creating it there on first start. With `dataDir`, a key an earlier
   * version kept in `<dataDir>/keys/` is moved out first, said through `log`: from then on the data
   * folder holds no private key, and public keys planted in its `keys/trusted/` are not trusted.
   */
  static loadOrCreate(signerDir: string, options: { dataDir?: string; log?: (line: string) => void; origin?: string } = {}): CheckpointSigningKey {
    const folder = signerDir;
    prepareSignerFolder(folder);
    const privateFile = join(folder, PRIVATE_KEY_FILE);
    const publicFile = join(folder, PUBLIC_KEY_FILE);
    if (options.dataDir) moveKeyOutOfDataFolder(options.dataDir, folder, options.log ?? (() => undefined));
    if (!existsSync(privateFile)) {
      const pair = generateKeyPairSync('ed25519');
      // 'wx' refuses to overwrite: if another process created the key meanwhile, we load theirs below.
      try {
        writeFileSync(privateFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(privateFile, 0o600);
    const privateKey = createPrivateKey(readFileSync(privateFile));
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${privateFile} is not an Ed25519 private key`);
    const publicKey = createPublicKey(privateKey);
    const pem = publicKeyPem(publicKey);
    if (!existsSync(publicFile) || readFileSync(publicFile, 'utf8') !== pem) writeFileSync(publicFile, pem, { mode: 0o644 });
    if (options.origin !== undefined && !validOrigin(options.origin)) throw new Error(`LOG_ORIGIN "${options.origin}" cannot name a log: one line, no spaces or "+" (e.g. audit.sunderland.gov.uk/improvement-plans)`);
    return new CheckpointSigningKey(privateKey, publicKey, keyIdOf(publicKey), folder, options.origin);
  }

  get publicKeyPem(): string {
    return publicKeyPem(this.publicKey);
  }

  get publicKeyFile(): string {
    return join(this.folder, PUBLIC_KEY_FILE);
  }

  sign(fields: Pick<Checkpoint, 'treeSize' | 'rootHash' | 'takenAt'>): Checkpoint {
    return this.origin ? signTlogCheckpoint(fields, this.origin, this.privateKey, this.keyId) : signCheckpoint(fields, this.privateKey, this.keyId);
  }

  /**
   * Every key whose checkpoints the server's own verify accepts by default: this one, and those
   * trusted on restore, all from the signer folder. Never a key found in the data folder: whoever can
   * write there could plant one (immudb's CVE-2022-39199).
   */
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

/**
 * An earlier version kept the key in `<dataDir>/keys/`. Move it to the signer folder (rename, or copy
 * and delete across disks), with its public half; a signer folder that already has a key keeps its
 * own, and the one in the data folder is left there, named in the log, for the operator to remove.
 */
function moveKeyOutOfDataFolder(dataDir: string, signerDir: string, log: (line: string) => void): void {
  const oldFolder = join(dataDir, KEYS_FOLDER);
  const oldPrivate = join(oldFolder, PRIVATE_KEY_FILE);
  const planted = join(oldFolder, TRUSTED_KEYS_FOLDER);
  if (existsSync(planted) && readdirSync(planted).some((f) => f.endsWith('.pub'))) {
    log(`Public keys in ${planted} are no longer trusted by being in the data folder; a key to trust goes in ${join(signerDir, TRUSTED_KEYS_FOLDER)}, or is given to verify (--log-key).`);
  }
  if (!existsSync(oldPrivate)) return;
  const newPrivate = join(signerDir, PRIVATE_KEY_FILE);
  if (existsSync(newPrivate)) {
    log(`The data folder holds a signing key at ${oldPrivate}, but the signer folder ${signerDir} has one already, which is used. Remove the one in the data folder.`);
    return;
  }
  for (const file of [PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]) {
    const from = join(oldFolder, file);
    if (!existsSync(from)) continue;
    const to = join(signerDir, file);
    try {
      renameSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      copyFileSync(from, to);
      unlinkSync(from);
    }
  }
  log(`Moved the checkpoint signing key out of the data folder, from ${oldPrivate} to ${newPrivate}: whoever can write the data folder must not hold the key that signs it.`);
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export const CHECKPOINT_SIGNING_KEY = Symbol('CheckpointSigningKey');
