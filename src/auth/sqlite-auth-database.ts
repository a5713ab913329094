import type { Database, Statement } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { sqliteConnection } from '../prepared-statements';
import { AuthDatabase, AuthSql } from './auth-database';

/**
 * The access log's table in auth.sqlite, with triggers that refuse every UPDATE and DELETE, and the
 * failed sign-ins counted per account and per address (src/auth/sign-in-limits.ts).
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

const FAILURES_DDL = `
CREATE TABLE IF NOT EXISTS sign_in_failures (
  id        INTEGER PRIMARY KEY,
  scope     TEXT NOT NULL,
  key       TEXT NOT NULL,
  failedAt  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_key ON sign_in_failures (scope, key, failedAt);
CREATE INDEX IF NOT EXISTS sign_in_failures_by_time ON sign_in_failures (failedAt);
`;

/**
 * auth.sqlite through the better-sqlite3 connection under the TypeORM DataSource. Statements are
 * prepared once per connection (the guard asks on every request; a prepared statement costs
 * microseconds). better-sqlite3 is synchronous, but a transaction's work is async (it is written
 * once for both stores), so the connection is taken in turn: while one transaction is open, no
 * other statement of this process runs on the connection and joins it by accident.
 */
export class SqliteAuthDatabase extends AuthDatabase {
  readonly kind = 'sqlite' as const;
  private statements = new WeakMap<Database, Map<string, Statement>>();
  /** The tail of the queue of work on the connection. */
  private turn: Promise<unknown> = Promise.resolve();
  private tables?: { accessLogIsNew: boolean };

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  all<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.inTurn(() => this.direct.all<R>(sql, params));
  }

  get<R>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return this.inTurn(() => this.direct.get<R>(sql, params));
  }

  run(sql: string, params: unknown[] = []): Promise<number> {
    return this.inTurn(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (sql: AuthSql) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      const connection = this.connection();
      // IMMEDIATE: the file's write lock before anything is read (the CLI may be writing; busy_timeout waits for it).
      connection.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await work(this.direct);
        connection.prepare('COMMIT').run();
        return result;
      } catch (error) {
        if (connection.inTransaction) connection.prepare('ROLLBACK').run();
        throw error;
      }
    });
  }

  async ensureTables(): Promise<{ accessLogIsNew: boolean }> {
    if (!this.tables) {
      const connection = this.connection();
      const accessLogIsNew = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'access_log'").get() === undefined;
      connection.exec(ACCESS_LOG_DDL + FAILURES_DDL);
      this.tables = { accessLogIsNew };
    }
    return this.tables;
  }

  /** The statements themselves, run at once: for work already holding the turn. */
  private readonly direct: AuthSql = {
    all: async <R>(sql: string, params: unknown[] = []) => this.statement(sql).all(...params) as R[],
    get: async <R>(sql: string, params: unknown[] = []) => this.statement(sql).get(...params) as R | undefined,
    run: async (sql: string, params: unknown[] = []) => this.statement(sql).run(...params).changes,
  };

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private connection(): Database {
    return sqliteConnection(this.dataSource);
  }

  private statement(sql: string): Statement {
    const connection = this.connection();
    let cache = this.statements.get(connection);
    if (!cache) this.statements.set(connection, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
    return statement;
  }
}
