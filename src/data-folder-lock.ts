import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process writes to a data folder at a time: the server, or a CLI command
 * that writes there (plan events, import, restore, rebuild, checkpoints). With the
 * embedded SQLite store both would project into the same read-model file and both
 * sign checkpoints, so a second one is refused at once, naming the first.
 *
 * The lock is SQLite's own: `server.lock` in the data folder, held open in
 * EXCLUSIVE locking mode inside a write transaction that is never committed. The
 * OS drops the file lock when the holder dies, even by kill -9, so no stale lock
 * is ever left behind (a pid file could be). A locked file cannot be read by
 * others, so who holds it is written beside it in `server.lock.json`.
 *
 * This module is the only place the rule lives: a store shared by several
 * servers (PostgreSQL, issue 27) will elect its projector and signer instead,
 * and will not take this lock.
 */
export interface FolderHolder {
  /** `server`, or the CLI command's name. */
  kind: 'server' | 'cli';
  command?: string;
  pid: number;
  host: string;
  /** Where the server answers, once it does: what PLAN_AUDIT_SERVER should be. */
  url?: string;
  startedAt: string;
}

export interface FolderLock {
  holder: FolderHolder;
  /** Say where the server answers, now that it listens. */
  update(change: Partial<FolderHolder>): void;
  release(): void;
}

/** Someone else writes to this folder: who, from their note beside the lock. */
export class FolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: FolderHolder | undefined,
  ) {
    super(`${describeHolder(holder)} is already using the data folder ${dataDir}.`);
  }
}

const handles = new Set<Database.Database>();

/** Take the folder for this process, or throw FolderInUse naming whoever has it. */
export function lockDataFolder(dataDir: string, holder: Omit<FolderHolder, 'pid' | 'host' | 'startedAt'>): FolderLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'server.lock');
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS held (at TEXT)');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new FolderInUse(dataDir, readHolder(dataDir));
    throw error;
  }
  // Kept referenced until the process ends: the lock lives as long as this connection.
  handles.add(db);
  const note = join(dataDir, 'server.lock.json');
  const full: FolderHolder = { ...holder, pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = () => {
    writeFileSync(`${note}.tmp`, `${JSON.stringify(full, null, 2)}\n`);
    renameSync(`${note}.tmp`, note);
  };
  write();
  return {
    holder: full,
    update: (change) => {
      Object.assign(full, change);
      write();
    },
    release: () => {
      if (!handles.delete(db)) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}

function readHolder(dataDir: string): FolderHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'server.lock.json'), 'utf8')) as FolderHolder;
  } catch {
    return undefined;
  }
}

export function describeHolder(holder: FolderHolder | undefined): string {
  if (!holder) return 'Another process (it has not said who yet)';
  const who = holder.kind === 'server' ? 'A server' : `The command "plan-audit ${holder.command ?? ''}"`;
  const where = holder.url ? `, answering at ${holder.url}` : holder.kind === 'server' ? ' (not yet answering)' : '';
  return `${who} (pid ${holder.pid} on host ${holder.host}${where}, started ${holder.startedAt})`;
}
