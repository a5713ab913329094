import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { sqliteConnection } from '../prepared-statements';
import { AUTH_CONNECTION } from './auth-connection';

/**
 * Failed sign-ins, per account and per address, in auth.sqlite so a restart
 * does not give an attacker a fresh set of guesses. Only failures are counted
 * against an address (with a higher limit than an account's), so someone
 * guessing at one account from a council's shared proxy address does not lock
 * out everyone else behind it; a successful sign-in clears its account's count.
 *
 * An attempt is counted as a failure *before* the password is checked and the
 * count is taken back if it was right: the check and the count are one
 * synchronous transaction, so a burst of parallel guesses cannot all slip
 * in before the first one is counted.
 */
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

type Scope = 'account' | 'address';

/** An attempt let through: its provisional failures, taken back by `succeeded`. */
export interface CountedAttempt {
  account: string;
  addressRow: number;
}

const prepared = new WeakSet<Database>();

@Injectable()
export class SignInLimits {
  constructor(
    @InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private connection(): Database {
    const connection = sqliteConnection(this.db);
    if (!prepared.has(connection)) {
      connection.exec(FAILURES_DDL);
      prepared.add(connection);
    }
    return connection;
  }

  /**
   * Either the seconds to wait before trying again (the account or the address
   * has used up its failures in the window), or the attempt, already counted as
   * a failure. Refused attempts are not counted: hammering a locked account adds
   * nothing to the address's count.
   */
  begin(userName: string, address: string, now = Date.now()): { retryAfterSeconds: number } | CountedAttempt {
    const account = accountKey(userName);
    const connection = this.connection();
    return connection
      .transaction(() => {
        const wait = Math.max(this.waitFor(connection, 'account', account, now), this.waitFor(connection, 'address', address, now));
        if (wait > 0) return { retryAfterSeconds: wait };
        const insert = connection.prepare('INSERT INTO sign_in_failures (scope, key, failedAt) VALUES (?, ?, ?)');
        insert.run('account', account, now);
        const addressRow = Number(insert.run('address', address, now).lastInsertRowid);
        connection.prepare('DELETE FROM sign_in_failures WHERE failedAt <= ?').run(now - this.windowMs());
        return { account, addressRow };
      })
      .immediate();
  }

  /** The password was right: the account starts again from nothing, and this attempt is no failure of its address. */
  succeeded(attempt: CountedAttempt): void {
    const connection = this.connection();
    connection
      .transaction(() => {
        connection.prepare("DELETE FROM sign_in_failures WHERE scope = 'account' AND key = ?").run(attempt.account);
        connection.prepare('DELETE FROM sign_in_failures WHERE id = ?').run(attempt.addressRow);
      })
      .immediate();
  }

  private windowMs(): number {
    return this.config.signInLimits.windowMinutes * 60_000;
  }

  /** Seconds until enough of the scope's failures leave the window to allow one more; 0 when it may try now. */
  private waitFor(connection: Database, scope: Scope, key: string, now: number): number {
    const limit = scope === 'account' ? this.config.signInLimits.accountFailures : this.config.signInLimits.addressFailures;
    const recent = connection
      .prepare<[string, string, number, number], number>('SELECT failedAt FROM sign_in_failures WHERE scope = ? AND key = ? AND failedAt > ? ORDER BY failedAt DESC LIMIT ?')
      .pluck()
      .all(scope, key, now - this.windowMs(), limit);
    if (recent.length < limit) return 0;
    return Math.max(1, Math.ceil((recent[limit - 1] + this.windowMs() - now) / 1000));
  }
}

/** The account as typed, so "QA.Sam " and "qa.sam" share one count (ids are lower case). */
export function accountKey(userName: string): string {
  return userName.trim().toLowerCase();
}
