import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../event-store/canonical-json';
import { sha256 } from '../event-store/hashing';
import { AccessActor, AccessChange, AccessLogEntry, AccessLogProblem } from './access-log-entry';
import { AuthDatabase, AuthSql, truth } from './auth-database';

/**
 * The access log: every change of who may do what, append-only and hash-chained
 * like the plan log. Each entry's hash is the SHA-256 of the RFC 8785 canonical
 * JSON of its content, which includes the previous entry's hash, so changing,
 * removing or reordering any entry breaks every hash after it.
 *
 * It lives beside the users it speaks of (auth.sqlite, or the PostgreSQL schema
 * when DATABASE_URL is set: then one chain for every server), and each entry is
 * written in the same transaction as the change it records: no change without
 * its entry, no entry without its change. Its table and append-only triggers are
 * each store's own SQL (sqlite-auth-database.ts, postgres-auth-database.ts).
 */
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

/** Who records the users already there when the log begins: the log itself, not a person. */
const LOG_START: AccessActor = { kind: 'system', id: 'access-log-start' };

/** Its columns, mixed-case names quoted so PostgreSQL keeps their case (see auth-database.ts). */
const COLUMNS = 'position, "recordedAt", actor, action, subject, details, "prevHash", hash';

@Injectable()
export class AccessLog {
  private started?: Promise<void>;

  constructor(private readonly db: AuthDatabase) {}

  /** The auth store, with the access log's table made on first use (and begun with the users already on record). */
  async database(): Promise<AuthDatabase> {
    this.started ??= (async () => {
      const { accessLogIsNew } = await this.db.ensureTables();
      if (accessLogIsNew) await this.recordUsersOnRecord();
    })().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    await this.started;
    return this.db;
  }

  /**
   * An auth file older than the access log already has users. The log starts by
   * stating who had access when it began, so an auditor reading it from the top
   * knows everyone who can act, not only those added since.
   */
  private async recordUsersOnRecord(): Promise<void> {
    await this.db.transaction(async (sql) => {
      if (await sql.get('SELECT 1 FROM access_log LIMIT 1')) return;
      const users = await sql.all<{ id: string; role: string; displayName: string; plans: string | null; disabledAt: string | null; password: unknown; tokens: number }>(
        'SELECT id, role, "displayName", plans, "disabledAt", "passwordHash" IS NOT NULL AS password, (SELECT CAST(COUNT(*) AS INTEGER) FROM api_tokens WHERE api_tokens."userId" = users.id AND "revokedAt" IS NULL) AS tokens FROM users ORDER BY id',
      );
      for (const user of users) {
        const details = { role: user.role, displayName: user.displayName, ...(user.plans ? { plans: user.plans.split(',') } : {}), password: truth(user.password), tokens: user.tokens, ...(user.disabledAt ? { disabledAt: user.disabledAt } : {}) };
        await this.append(sql, LOG_START, { action: 'user-on-record', subject: user.id, details });
      }
    });
  }

  /**
   * Make a change and record it, in one transaction that shuts out every other
   * writer before the head is read (AuthDatabase.transaction), so two processes
   * (the server and the CLI, or two servers) never chain two entries to the same
   * previous one. `change` may throw to refuse; then nothing is written.
   */
  async record<T>(by: AccessActor, change: (sql: AuthSql) => Promise<{ result: T; changes: AccessChange[] }>): Promise<T> {
    const db = await this.database();
    return db.transaction(async (sql) => {
      const { result, changes } = await change(sql);
      for (const entry of changes) await this.append(sql, by, entry);
      return result;
    });
  }

  private async append(sql: AuthSql, actor: AccessActor, change: AccessChange): Promise<void> {
    const head = await sql.get<{ position: number; hash: string }>('SELECT position, hash FROM access_log ORDER BY position DESC LIMIT 1');
    const content = {
      position: (head?.position ?? 0) + 1,
      recordedAt: new Date().toISOString(),
      actor,
      action: change.action,
      subject: change.subject,
      details: change.details ?? {},
      prevHash: head?.hash ?? null,
    };
    await sql.run(`INSERT INTO access_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      content.position,
      content.recordedAt,
      canonicalJson(actor),
      content.action,
      content.subject,
      canonicalJson(content.details),
      content.prevHash,
      accessEntryHash(content),
    ]);
  }

  /** Entries in the order they were recorded, optionally only those about one user, or the latest `limit`. */
  async entries(options: { subject?: string; limit?: number } = {}): Promise<AccessLogEntry[]> {
    const where = options.subject !== undefined ? 'WHERE subject = ?' : '';
    const params = options.subject !== undefined ? [options.subject] : [];
    const sql = options.limit !== undefined
      ? `SELECT * FROM (SELECT ${COLUMNS} FROM access_log ${where} ORDER BY position DESC LIMIT ${Math.floor(options.limit)}) AS latest ORDER BY position`
      : `SELECT ${COLUMNS} FROM access_log ${where} ORDER BY position`;
    return (await (await this.database()).all<Row>(sql, params)).map(entryOf);
  }

  /**
   * Recompute every entry's hash and link, in order. The first problem is named
   * (position, what is wrong); later ones follow from it, so only it is reported.
   * Also returns the head hash, which an auditor can note to find later truncation.
   */
  async verify(): Promise<{ entries: number; headHash: string | null; problem?: AccessLogProblem }> {
    let previous: string | null = null;
    let count = 0;
    for (const row of await (await this.database()).all<Row>(`SELECT ${COLUMNS} FROM access_log ORDER BY position`)) {
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
