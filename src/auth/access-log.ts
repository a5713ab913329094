import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../event-store/canonical-json';
import { sha256 } from '../event-store/hashing';
import { sqliteConnection } from '../prepared-statements';
import { AccessActor, AccessChange, AccessLogEntry, AccessLogProblem } from './access-log-entry';
import { AUTH_CONNECTION } from './auth-connection';

/**
 * The access log: every change of who may do what, append-only and hash-chained
 * like the plan log. Each entry's hash is the SHA-256 of the RFC 8785 canonical
 * JSON of its content, which includes the previous entry's hash, so changing,
 * removing or reordering any entry breaks every hash after it.
 *
 * It lives in auth.sqlite, beside the users it speaks of, and each entry is
 * written in the same transaction as the change it records: no change without
 * its entry, no entry without its change.
 */
const ACCESS_LOG_DDL = `
CREATE TABLE IF NOT EXISTS access_log (
  position    INTEGER PRIMARY KEY,
  recordedAt  TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  subject     TEXT NOT NULL,
  details     TEXT NOT NULL,
  prevHash    TEXT,
  hash        TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS access_log_reject_update
BEFORE UPDATE ON access_log
BEGIN
  SELECT RAISE(ABORT, 'the access log is append-only: UPDATE is not allowed');
END;
CREATE TRIGGER IF NOT EXISTS access_log_reject_delete
BEFORE DELETE ON access_log
BEGIN
  SELECT RAISE(ABORT, 'the access log is append-only: DELETE is not allowed');
END;
`;

interface Row {
  position: number;
  recordedAt: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prevHash: string | null;
  hash: string;
}

/** What an entry's hash covers: everything but the hash itself. */
export function accessEntryHash(entry: Omit<AccessLogEntry, 'hash'>): string {
  const { position, recordedAt, actor, action, subject, details, prevHash } = entry;
  return sha256(canonicalJson({ position, recordedAt, actor, action, subject, details, prevHash }));
}

const prepared = new WeakSet<Database>();
/** Who records the users already there when the log begins: the log itself, not a person. */
const LOG_START: AccessActor = { kind: 'system', id: 'access-log-start' };

@Injectable()
export class AccessLog {
  constructor(@InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource) {}

  /** The SQLite connection, with the access log's table made on first use. */
  connection(): Database {
    const connection = sqliteConnection(this.db);
    if (!prepared.has(connection)) {
      const isNew = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'access_log'").get() === undefined;
      connection.exec(ACCESS_LOG_DDL);
      prepared.add(connection);
      if (isNew) this.recordUsersOnRecord(connection);
    }
    return connection;
  }

  /**
   * An auth file older than the access log already has users. The log starts by
   * stating who had access when it began, so an auditor reading it from the top
   * knows everyone who can act, not only those added since.
   */
  private recordUsersOnRecord(connection: Database): void {
    connection
      .transaction(() => {
        if (connection.prepare('SELECT 1 FROM access_log LIMIT 1').get()) return;
        const users = connection
          .prepare<[], { id: string; role: string; displayName: string; plans: string | null; disabledAt: string | null; password: number; tokens: number }>(
            'SELECT id, role, displayName, plans, disabledAt, passwordHash IS NOT NULL AS password, (SELECT COUNT(*) FROM api_tokens WHERE api_tokens.userId = users.id AND revokedAt IS NULL) AS tokens FROM users ORDER BY id',
          )
          .all();
        for (const user of users) {
          const details = { role: user.role, displayName: user.displayName, ...(user.plans ? { plans: user.plans.split(',') } : {}), password: user.password === 1, tokens: user.tokens, ...(user.disabledAt ? { disabledAt: user.disabledAt } : {}) };
          this.append(connection, LOG_START, { action: 'user-on-record', subject: user.id, details });
        }
      })
      .immediate();
  }

  /**
   * Make a change and record it, in one IMMEDIATE transaction: the write lock is
   * taken before the head is read, so two processes (the server and the CLI)
   * never chain two entries to the same previous one. `change` may throw to refuse;
   * then nothing is written.
   */
  record<T>(by: AccessActor, change: (connection: Database) => { result: T; changes: AccessChange[] }): T {
    const connection = this.connection();
    return connection
      .transaction(() => {
        const { result, changes } = change(connection);
        for (const entry of changes) this.append(connection, by, entry);
        return result;
      })
      .immediate();
  }

  private append(connection: Database, actor: AccessActor, change: AccessChange): void {
    const head = connection.prepare<[], { position: number; hash: string }>('SELECT position, hash FROM access_log ORDER BY position DESC LIMIT 1').get();
    const content = {
      position: (head?.position ?? 0) + 1,
      recordedAt: new Date().toISOString(),
      actor,
      action: change.action,
      subject: change.subject,
      details: change.details ?? {},
      prevHash: head?.hash ?? null,
    };
    connection
      .prepare('INSERT INTO access_log (position, recordedAt, actor, action, subject, details, prevHash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(content.position, content.recordedAt, canonicalJson(actor), content.action, content.subject, canonicalJson(content.details), content.prevHash, accessEntryHash(content));
  }

  /** Entries in the order they were recorded, optionally only those about one user, or the latest `limit`. */
  entries(options: { subject?: string; limit?: number } = {}): AccessLogEntry[] {
    const where = options.subject !== undefined ? 'WHERE subject = ?' : '';
    const params = options.subject !== undefined ? [options.subject] : [];
    const sql = options.limit !== undefined
      ? `SELECT * FROM (SELECT * FROM access_log ${where} ORDER BY position DESC LIMIT ${Math.floor(options.limit)}) ORDER BY position`
      : `SELECT * FROM access_log ${where} ORDER BY position`;
    return this.connection().prepare<unknown[], Row>(sql).all(...params).map(entryOf);
  }

  /**
   * Recompute every entry's hash and link, in order. The first problem is named
   * (position, what is wrong); later ones follow from it, so only it is reported.
   * Also returns the head hash, which an auditor can note to find later truncation.
   */
  verify(): { entries: number; headHash: string | null; problem?: AccessLogProblem } {
    let previous: string | null = null;
    let count = 0;
    for (const row of this.connection().prepare<[], Row>('SELECT * FROM access_log ORDER BY position').iterate()) {
      count++;
      const problem = problemWith(row, count, previous);
      if (problem) return { entries: count, headHash: previous, problem };
      previous = row.hash;
    }
    return { entries: count, headHash: previous };
  }
}

function problemWith(row: Row, expectedPosition: number, previousHash: string | null): AccessLogProblem | undefined {
  const at = { position: row.position };
  if (row.position !== expectedPosition) return { ...at, kind: 'gap', detail: `expected entry ${expectedPosition}, found ${row.position}: an entry is missing` };
  let entry: AccessLogEntry;
  try {
    entry = entryOf(row);
  } catch {
    return { ...at, kind: 'altered', detail: 'its actor or details are not valid JSON' };
  }
  if (row.prevHash !== previousHash) return { ...at, kind: 'broken-link', detail: `prevHash ${row.prevHash} does not match the previous entry's hash ${previousHash}` };
  const recomputed = accessEntryHash(entry);
  if (recomputed !== row.hash) return { ...at, kind: 'altered', detail: `stored hash ${row.hash} but its content hashes to ${recomputed}` };
  return undefined;
}

function entryOf(row: Row): AccessLogEntry {
  return {
    position: row.position,
    recordedAt: row.recordedAt,
    actor: JSON.parse(row.actor) as AccessActor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
