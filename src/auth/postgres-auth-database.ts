import { createHash } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { appendLockKey, quoteIdentifier } from '../event-store/postgres/schema.sql';
import { appendOnlyTriggers } from '../event-store/postgres/append-only-triggers.sql';
import { AuthDatabase, AuthSql } from './auth-database';

/**
 * The tables the auth code makes with its own SQL, in the event log's schema. Names start with
 * access_ / sign_in_ and the TypeORM ones are users, api_tokens, sessions, external_identities and
 * oidc_sign_in_attempts: none can meet the log's `events` or `checkpoints`. Columns are the same
 * mixed-case names as in auth.sqlite (quoted), so one set of SQL runs on both.
 *
 * The access log is append-only by the database's rule, as the events are: statement-level
 * triggers refuse every UPDATE, DELETE and TRUNCATE. `details` and `actor` are text, not json,
 * so the canonical JSON hashed is the text kept.
 */
export function authTablesDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  return `
CREATE TABLE IF NOT EXISTS ${s}.access_log (
  position     integer PRIMARY KEY,
  "recordedAt" text NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  subject      text NOT NULL,
  details      text NOT NULL,
  "prevHash"   text,
  hash         text NOT NULL
);

${appendOnlyTriggers(s, 'access_log', 'the access log is append-only: % is not allowed')}
CREATE TABLE IF NOT EXISTS ${s}.sign_in_failures (
  id          serial PRIMARY KEY,
  scope       text NOT NULL,
  key         text NOT NULL,
  "failedAt"  bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_key ON ${s}.sign_in_failures (scope, key, "failedAt");
CREATE INDEX IF NOT EXISTS sign_in_failures_by_time ON ${s}.sign_in_failures ("failedAt");
`;
}

/** The key every auth write transaction locks: one per schema, apart from the log's append key. */
export function authLockKey(schema: string): string {
  return createHash('sha256').update(`plan-audit:auth:${schema}`).digest().readBigInt64BE(0).toString();
}

/** Every table the auth code uses in the schema: TypeORM's entities' and its own. */
export const AUTH_TABLES = ['users', 'api_tokens', 'sessions', 'external_identities', 'oidc_sign_in_attempts', 'sign_in_failures', 'access_log'] as const;

/**
 * Makes the schema, the entities' tables (TypeORM's synchronize) and the tables above when any is
 * missing, under the same session advisory lock the event store takes for its DDL: two servers (or
 * a server and the CLI) starting at once on a new schema wait for each other instead of racing on
 * CREATE. Checked first, so a role that may not create anything (authRoleGrants) starts on tables
 * their owner made. Called once, when the auth connection opens.
 */
export async function preparePostgresAuth(dataSource: DataSource, schema: string): Promise<void> {
  if (await allThere(dataSource, schema)) return;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = appendLockKey(schema, 'ddl');
  try {
    await runner.query(`SELECT pg_advisory_lock(${key})`);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      await dataSource.synchronize();
      await runner.query(authTablesDdl(schema));
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${key})`);
    }
  } finally {
    await runner.release();
  }
}

async function allThere(dataSource: DataSource, schema: string): Promise<boolean> {
  const names = AUTH_TABLES.map((table) => `${quoteIdentifier(schema)}.${table}`);
  const [row] = (await dataSource.query('SELECT bool_and(to_regclass(name) IS NOT NULL) AS found FROM unnest($1::text[]) AS name', [names])) as { found: boolean }[];
  return row.found === true;
}

/**
 * What the role the servers connect as is granted on the auth tables, run by their owner after
 * appendOnlyRoleGrants (src/event-store/postgres/schema.sql.ts), whose REVOKE ALL would take these
 * back. Users, tokens, sessions and the rest change (a role given, a token revoked, a session
 * ended): read, insert, update, delete. The access log only reads and inserts, so without the
 * owner's privileges its rows cannot be changed even with the triggers disabled: the role cannot
 * disable them.
 */
export function authRoleGrants(schema: string, role: string): string {
  const s = quoteIdentifier(schema);
  const r = quoteIdentifier(role);
  const changing = AUTH_TABLES.filter((table) => table !== 'access_log').map((table) => `${s}.${table}`);
  return `
GRANT USAGE ON SCHEMA ${s} TO ${r};
GRANT SELECT, INSERT, UPDATE, DELETE ON ${changing.join(', ')} TO ${r};
GRANT SELECT, INSERT ON ${s}.access_log TO ${r};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};
`;
}

/** `?` placeholders numbered as PostgreSQL wants them ($1, $2…). The auth SQL never has a ? inside a literal. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function query(runner: QueryRunner, sql: string, params: unknown[]): Promise<{ records: unknown[]; affected: number }> {
  const result = (await runner.query(numbered(sql), params, true)) as { records?: unknown[]; affected?: number };
  return { records: result.records ?? [], affected: result.affected ?? 0 };
}

/**
 * The auth tables in PostgreSQL, through the TypeORM postgres DataSource (its pool, its search_path
 * set to the schema). Nothing is cached in the process: every request reads the rows, so a user
 * disabled, a token revoked or a session ended on one server is refused by every other at its next
 * request.
 */
export class PostgresAuthDatabase extends AuthDatabase {
  readonly kind = 'postgres' as const;
  private readonly lockKey: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    super();
    this.lockKey = authLockKey(schema);
  }

  async all<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.alone(sql, params)).records as R[];
  }

  async get<R>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.alone(sql, params)).records[0] as R | undefined;
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.alone(sql, params)).affected;
  }

  async transaction<T>(work: (sql: AuthSql) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // READ COMMITTED: every statement after the lock sees what the writer before committed.
      await runner.query(`SELECT pg_advisory_xact_lock(${this.lockKey})`);
      const inside: AuthSql = {
        all: async <R>(sql: string, params: unknown[] = []) => (await query(runner, sql, params)).records as R[],
        get: async <R>(sql: string, params: unknown[] = []) => (await query(runner, sql, params)).records[0] as R | undefined,
        run: async (sql: string, params: unknown[] = []) => (await query(runner, sql, params)).affected,
      };
      const result = await work(inside);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Made when the connection opened (preparePostgresAuth), with the users' table: there is never an older store to record. */
  async ensureTables(): Promise<{ accessLogIsNew: boolean }> {
    return { accessLogIsNew: false };
  }

  private async alone(sql: string, params: unknown[]): Promise<{ records: unknown[]; affected: number }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await query(runner, sql, params);
    } finally {
      await runner.release();
    }
  }
}
