import { createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidInput } from '../domain/errors';
import { VerifierTrust } from './audit.service';
import { keyIdOf } from './signing-key';
import { NoteVerifier, SIGNATURE_TYPE } from './transparency/signed-note';

/**
 * The keys a verification trusts, given by the person verifying — a PEM file, a trust file, a
 * request body they wrote — never read from the data being verified. `field` names where each
 * came from, so a refusal names the flag or field to fix.
 */
export function trustFromPems(pems: { pem: string; from: string; field: string }[]): VerifierTrust {
  const logKeys = new Map<string, KeyObject>();
  for (const { pem, from, field } of pems) {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new InvalidInput(field, `${from} is not a public key in PEM form (-----BEGIN PUBLIC KEY-----)`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new InvalidInput(field, `${from} is a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
    logKeys.set(keyIdOf(key), key);
  }
  return { logKeys, source: pems.map((p) => p.from).join(', ') };
}

/**
 * The CLI's flags: `--log-key FILE` (repeatable), or `--trust FILE`, a JSON file
 * `{ "logKeys": ["-----BEGIN PUBLIC KEY-----…", …] }` the auditor keeps. Undefined when neither is
 * given: the server's own default (the signer folder's key) applies.
 */
export function trustFromFlags(logKeyFiles: string[] = [], trustFile?: string): VerifierTrust | undefined {
  const pems: { pem: string; from: string; field: string }[] = [];
  for (const file of logKeyFiles) pems.push({ pem: readText(file, '--log-key'), from: `--log-key ${file}`, field: '--log-key' });
  if (trustFile) {
    let parsed: { logKeys?: unknown };
    try {
      parsed = JSON.parse(readText(trustFile, '--trust')) as { logKeys?: unknown };
    } catch (error) {
      if (error instanceof InvalidInput) throw error;
      throw new InvalidInput('--trust', `${trustFile} is not JSON: give {"logKeys": ["-----BEGIN PUBLIC KEY-----…"]}`);
    }
    const namesWitnessesOnly = parsed.logKeys === undefined && Array.isArray((parsed as { witnesses?: unknown }).witnesses);
    if (namesWitnessesOnly) return pems.length > 0 ? trustFromPems(pems) : undefined;
    if (!Array.isArray(parsed.logKeys) || parsed.logKeys.length === 0 || !parsed.logKeys.every((k) => typeof k === 'string')) {
      throw new InvalidInput('--trust', `${trustFile} names no log key: give {"logKeys": ["-----BEGIN PUBLIC KEY-----…"]}`);
    }
    parsed.logKeys.forEach((pem, i) => pems.push({ pem: pem as string, from: `--trust ${trustFile} (logKeys[${i}])`, field: '--trust' }));
  }
  return pems.length > 0 ? trustFromPems(pems) : undefined;
}

function readText(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InvalidInput(field, `cannot read ${file}`);
  }
}

/**
 * Witnesses the person verifying chose (cosignature vkeys, `<name>+<id>+<key>`), and the quorum:
 * from `--witness-key`/`--quorum`, a trust file's `witnesses`/`quorum`, or a request body. The
 * quorum defaults to every witness named; it cannot exceed them.
 */
export function witnessesFrom(vkeys: unknown[], quorum: unknown, field: string): Pick<VerifierTrust, 'witnesses' | 'quorum'> {
  const witnesses = vkeys.map((vkey, i) => {
    if (typeof vkey !== 'string') throw new InvalidInput(field, `witness ${i + 1} must be a verifier key string (name+keyid+key)`);
    let verifier: NoteVerifier;
    try {
      verifier = NoteVerifier.fromVkey(vkey);
    } catch (error) {
      throw new InvalidInput(field, (error as Error).message);
    }
    if (verifier.signatureType !== SIGNATURE_TYPE.cosignatureV1) throw new InvalidInput(field, `${verifier.keyName} is not a witness's cosignature key (type 0x04); ask its operator for the output of plan-audit-witness key`);
    return verifier;
  });
  if (quorum === undefined || quorum === null || quorum === '') return { witnesses, quorum: witnesses.length };
  const n = typeof quorum === 'number' ? quorum : Number(quorum);
  if (!Number.isInteger(n) || n < 0 || n > witnesses.length) throw new InvalidInput(field === '--witness-key' ? '--quorum' : 'quorum', `the quorum must be a whole number from 0 to the ${witnesses.length} witness(es) named, not "${String(quorum)}"`);
  return { witnesses, quorum: n };
}

/** A trust file's witnesses and quorum, if it names any: `{"witnesses": ["name+id+key", …], "quorum": 2}`. */
export function witnessesFromTrustFile(trustFile: string | undefined): Pick<VerifierTrust, 'witnesses' | 'quorum'> | undefined {
  if (!trustFile) return undefined;
  let parsed: { witnesses?: unknown; quorum?: unknown };
  try {
    parsed = JSON.parse(readText(trustFile, '--trust')) as typeof parsed;
  } catch (error) {
    if (error instanceof InvalidInput) throw error;
    throw new InvalidInput('--trust', `${trustFile} is not JSON`);
  }
  if (parsed.witnesses === undefined) return undefined;
  if (!Array.isArray(parsed.witnesses)) throw new InvalidInput('--trust', `${trustFile}: "witnesses" must be a list of verifier keys`);
  return witnessesFrom(parsed.witnesses, parsed.quorum, '--trust');
}
