import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { AccessLog } from './access-log';
import { AuthSql } from './auth-database';

/**
 * Failed sign-ins, per account and per address, in auth.sqlite (or PostgreSQL,
 * shared by every server there) so a restart, or another server, does not give
 * an attacker a fresh set of guesses. Only failures are counted
 * against an address (with a higher limit than an account's), so someone
 * guessing at one account from a council's shared proxy address does not lock
 * out everyone else behind it; a successful sign-in clears its account's count.
 *
 * An attempt is counted as a failure *before* the password is checked and the
 * count is taken back if it was right: the check and the count are one
 * transaction that shuts out every other writer (AuthDatabase.transaction), so
 * a burst of parallel guesses, on one server or several, cannot all slip in
 * before the first one is counted. The table is each store's own SQL
 * (sqlite-auth-database.ts, postgres-auth-database.ts).
 */

type Scope = 'account' | 'address';

/** An attempt let through: its provisional failures, taken back by `succeeded`. */
export interface CountedAttempt {
  account: string;
  addressRow: number;
}

@Injectable()
export class SignInLimits {
  constructor(
    private readonly accessLog: AccessLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Either the seconds to wait before trying again (the account or the address
   * has used up its failures in the window), or the attempt, already counted as
   * a failure. Refused attempts are not counted: hammering a locked account adds
   * nothing to the address's count.
   */
  async begin(userName: string, address: string, now = Date.now()): Promise<{ retryAfterSeconds: number } | CountedAttempt> {
    const account = accountKey(userName);
    const db = await this.accessLog.database();
    return db.transaction(async (sql) => {
      const wait = Math.max(await this.waitFor(sql, 'account', account, now), await this.waitFor(sql, 'address', address, now));
      if (wait > 0) return { retryAfterSeconds: wait };
      const insert = 'INSERT INTO sign_in_failures (scope, key, "failedAt") VALUES (?, ?, ?) RETURNING id';
      await sql.get(insert, ['account', account, now]);
      const addressRow = Number((await sql.get<{ id: number }>(insert, ['address', address, now]))!.id);
      await sql.run('DELETE FROM sign_in_failures WHERE "failedAt" <= ?', [now - this.windowMs()]);
      return { account, addressRow };
    });
  }

  /** The password was right: the account starts again from nothing, and this attempt is no failure of its address. */
  async succeeded(attempt: CountedAttempt): Promise<void> {
    const db = await this.accessLog.database();
    await db.transaction(async (sql) => {
      await sql.run("DELETE FROM sign_in_failures WHERE scope = 'account' AND key = ?", [attempt.account]);
      await sql.run('DELETE FROM sign_in_failures WHERE id = ?', [attempt.addressRow]);
    });
  }

  private windowMs(): number {
    return this.config.signInLimits.windowMinutes * 60_000;
  }

  /** Seconds until enough of the scope's failures leave the window to allow one more; 0 when it may try now. */
  private async waitFor(sql: AuthSql, scope: Scope, key: string, now: number): Promise<number> {
    const limit = scope === 'account' ? this.config.signInLimits.accountFailures : this.config.signInLimits.addressFailures;
    // Number(): PostgreSQL keeps failedAt as a bigint, which pg returns as text.
    const recent = (
      await sql.all<{ failedAt: number | string }>('SELECT "failedAt" FROM sign_in_failures WHERE scope = ? AND key = ? AND "failedAt" > ? ORDER BY "failedAt" DESC LIMIT ?', [scope, key, now - this.windowMs(), limit])
    ).map((row) => Number(row.failedAt));
    if (recent.length < limit) return 0;
    return Math.max(1, Math.ceil((recent[limit - 1] + this.windowMs() - now) / 1000));
  }
}

/** The account as typed, so "QA.Sam " and "qa.sam" share one count (ids are lower case). */
export function accountKey(userName: string): string {
  return userName.trim().toLowerCase();
}
