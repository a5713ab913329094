import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * A witness's state folder, on the witness's own machine:
 *   witness.json        its name (the key name in its cosignatures; the key ID depends on it)
 *   witness-key.pem     its Ed25519 private key, 0600, made on first use
 *   checkpoints/<sha256 hex of origin>   the latest checkpoint it cosigned for each log, as a note
 *   refused.jsonl       validly signed checkpoints it refused to cosign: evidence of a log's misbehaviour
 *   witness.lock(.json) held by the one process that may use the folder
 * The folder is 0700: the key is the witness's whole worth.
 */

export const KEY_FILE = 'witness-key.pem';
export const NAME_FILE = 'witness.json';
export const CHECKPOINTS_DIR = 'checkpoints';
export const REFUSED_FILE = 'refused.jsonl';

export function openStateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  mkdirSync(join(dir, CHECKPOINTS_DIR), { recursive: true, mode: 0o700 });
}

/** The witness's name, fixed at first use: a different --name later would silently change its key ID, so it is refused. */
export function witnessName(dir: string, asked: string | undefined): string {
  const file = join(dir, NAME_FILE);
  if (existsSync(file)) {
    const stored = (JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name;
    if (asked !== undefined && asked !== stored) {
      throw new Error(`this state folder belongs to the witness "${stored}", not "${asked}": its key ID and every cosignature it gave depend on that name`);
    }
    return stored;
  }
  if (asked === undefined) throw new Error(`${dir} holds no witness yet: give --name (e.g. audit.council.example/witness) the first time`);
  writeDurably(file, `${JSON.stringify({ name: asked }, null, 2)}\n`);
  return asked;
}

/** The witness's private key, made (0600) the first time; a key others can read is refused, as ssh refuses one. */
export function witnessKey(dir: string): KeyObject {
  const file = join(dir, KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeDurably(file, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} can be read by others (mode ${mode.toString(8)}): chmod 600 it, and consider the key exposed`);
  return createPrivateKey(readFileSync(file));
}

/**
 * Replace `file` with `content` so that a crash at any instant leaves either the
 * old file or the new one, never a torn mixture: write a temporary file, fsync
 * it, rename it over the old one, fsync the folder so the rename itself is kept.
 */
export function writeDurably(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  syncFolder(join(file, '..'));
}

/** Append one line and fsync: a kill -9 mid-write can only tear the last line, which readers skip. */
export function appendDurably(file: string, line: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, line.endsWith('\n') ? line : `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Temporary files left by a process killed between write and rename: never the state, so removed. */
export function removeLeftovers(dir: string): void {
  for (const folder of [dir, join(dir, CHECKPOINTS_DIR)]) {
    for (const name of readdirSync(folder)) if (name.endsWith('.tmp')) rmSync(join(folder, name), { force: true });
  }
}

export interface WitnessHolder {
  pid: number;
  host: string;
  url?: string;
  startedAt: string;
}

const held = new Set<Database.Database>();

/**
 * One witness process per state folder: two would each check-and-persist on
 * their own, and could cosign both sides of a fork. The lock is SQLite's
 * exclusive lock on witness.lock (the OS drops it when the holder dies, even by
 * kill -9, so it never goes stale); who holds it is written beside it.
 */
export function lockStateFolder(dir: string): { update(url: string): void } {
  const db = new Database(join(dir, 'witness.lock'), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS held (at TEXT)');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${describeHolder(readHolder(dir))} is already the witness on ${dir}: one process per state folder`);
    throw error;
  }
  held.add(db);
  const holder: WitnessHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = () => writeDurably(join(dir, 'witness.lock.json'), `${JSON.stringify(holder, null, 2)}\n`);
  write();
  return {
    update: (url) => {
      holder.url = url;
      write();
    },
  };
}

function readHolder(dir: string): WitnessHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'witness.lock.json'), 'utf8')) as WitnessHolder;
  } catch {
    return undefined;
  }
}

function describeHolder(holder: WitnessHolder | undefined): string {
  if (!holder) return 'Another process (it has not said who yet)';
  return `A witness (pid ${holder.pid} on host ${holder.host}${holder.url ? `, answering at ${holder.url}` : ''}, started ${holder.startedAt})`;
}
