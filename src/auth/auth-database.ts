/**
 * The one seam between the auth code and where it is kept: auth.sqlite in the data folder (the
 * default), or the PostgreSQL schema the event log is in when DATABASE_URL is set, so every server
 * on that database knows the same users, tokens and sessions.
 *
 * One set of SQL runs on both: `?` placeholders (numbered for PostgreSQL by its adapter), mixed-case
 * column names in double quotes (both read `"displayName"` as the column TypeORM made), counts cast
 * to INTEGER (PostgreSQL's COUNT is a bigint, which `pg` returns as text) and `RETURNING id` rather
 * than a driver's last row id. What differs — the tables made with their own SQL (the access log's
 * append-only triggers, the failure counts), and how a write transaction shuts out other writers —
 * is each adapter's. Chosen over two copies of every service: the rules (who may, what is logged)
 * are written once and cannot drift between the two stores.
 */
export interface AuthSql {
  all<R>(sql: string, params?: unknown[]): Promise<R[]>;
  get<R>(sql: string, params?: unknown[]): Promise<R | undefined>;
  /** A write; answers how many rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export abstract class AuthDatabase implements AuthSql {
  abstract readonly kind: 'sqlite' | 'postgres';
  abstract all<R>(sql: string, params?: unknown[]): Promise<R[]>;
  abstract get<R>(sql: string, params?: unknown[]): Promise<R | undefined>;
  abstract run(sql: string, params?: unknown[]): Promise<number>;

  /**
   * Work done as one transaction that no other writer, in this process or another server, can
   * interleave with: SQLite's IMMEDIATE transaction (the file's write lock, taken before anything
   * is read) or PostgreSQL's transaction-level advisory lock on this schema's auth key. So two
   * servers never chain two access-log entries to the same previous one, nor both let through the
   * last allowed sign-in guess. `work` may throw to refuse; then nothing is written.
   */
  abstract transaction<T>(work: (sql: AuthSql) => Promise<T>): Promise<T>;

  /**
   * Makes the access log's and the failure counts' tables if they are missing; true when the access
   * log was made just now (an auth file older than the log may already hold users, who are then
   * recorded as on record when it begins).
   */
  abstract ensureTables(): Promise<{ accessLogIsNew: boolean }>;
}

/** A `passwordHash IS NOT NULL` and the like: SQLite answers 1 or 0, PostgreSQL true or false. */
export function truth(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
