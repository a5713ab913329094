import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { InvalidInput, RuleBroken } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import { ActorRef, isRole, ROLES } from '../domain/roles';
import { sha256 } from '../event-store/hashing';
import { storageFaultOf } from '../storage-fault';
import { AccessActor } from './access-log-entry';
import { AccessLog } from './access-log';
import { AuthSql } from './auth-database';
import { AUTH_CONNECTION } from './auth-connection';
import { NotAuthenticated } from './not-authenticated.error';
import { hashPassword, verifyPassword, verifyAgainstDummy } from './passwords';
import { User } from './user.entity';

export { AUTH_CONNECTION } from './auth-connection';

/** Changes made by code in the server itself, not through a door that proves a person (test and benchmark set-up). */
export const SYSTEM_ACTOR: AccessActor = { kind: 'system', id: 'server' };

type Caller = Pick<User, 'id' | 'role' | 'plans'>;
type UserRow = Caller & Pick<User, 'passwordHash' | 'disabledAt'>;

/** The user behind a token that is not revoked, whose account is not disabled. */
const USER_OF_TOKEN =
  'SELECT users.id AS id, users.role AS role, users.plans AS plans, api_tokens.id AS "tokenId", api_tokens."lastUsedAt" AS "lastUsedAt" FROM api_tokens JOIN users ON users.id = api_tokens."userId" WHERE api_tokens."tokenHash" = ? AND api_tokens."revokedAt" IS NULL AND users."disabledAt" IS NULL';
const TOKEN_USED = 'UPDATE api_tokens SET "lastUsedAt" = ? WHERE id = ?';
/** The user behind a session that has ended neither by its absolute limit nor by idling, whose account is not disabled. */
const USER_OF_SESSION =
  'SELECT users.id AS id, users.role AS role, users.plans AS plans, sessions."lastSeenAt" AS "lastSeenAt" FROM sessions JOIN users ON users.id = sessions."userId" WHERE sessions."idHash" = ? AND sessions."expiresAt" >= ? AND sessions."lastSeenAt" >= ? AND users."disabledAt" IS NULL';
const SESSION_SEEN = 'UPDATE sessions SET "lastSeenAt" = ? WHERE "idHash" = ?';
const USER_BY_ID = 'SELECT id, role, plans, "passwordHash", "disabledAt" FROM users WHERE id = ?';

function userById(sql: AuthSql, id: string): Promise<UserRow | undefined> {
  return sql.get<UserRow>(USER_BY_ID, [id]);
}

/** A token's last use is written at most this often: the guard asks on every request, and one write a minute is plenty to answer "is it still used?". */
const LAST_USED_RESOLUTION_MS = 60_000;

/** What a password proves: the caller, a disabled account (only said once the password was right), or nothing. */
export type PasswordCheck = { kind: 'proven'; caller: ActorRef } | { kind: 'disabled' } | { kind: 'wrong' };

/** Users, their API tokens and browser sessions: who the caller is, so the actor on each event is never taken from a request body. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource,
    private readonly accessLog: AccessLog,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'sessionIdleMinutes' | 'sessionMaxHours'>,
  ) {}

  /** A new user, recorded in the access log as made by `by`. The password, when given, is hashed before anything is written. */
  async createUser(id: string, role: string, displayName: string, password?: string, plans?: string[], by: AccessActor = SYSTEM_ACTOR): Promise<User> {
    checkNewUser(id, role);
    if (by.kind === 'bootstrap' && role !== 'admin') throw new InvalidInput('role', 'the first user must be an administrator (--role admin), who then adds everyone else');
    const passwordHash = password !== undefined ? await hashPassword(checkedPassword(password)) : null;
    const user: User = { id, role, displayName: displayName.trim() || id, passwordHash, createdAt: new Date().toISOString(), plans: plans ? plans.join(',') : null, disabledAt: null };
    return this.accessLog.record(by, async (sql) => {
      if (by.kind === 'bootstrap' && (await sql.get("SELECT 1 FROM users WHERE role = 'admin'"))) {
        throw new RuleBroken('first-admin-exists', 'There is already an administrator: ask them to add you (add-user needs an administrator from now on).');
      }
      if (await userById(sql, id)) throw new RuleBroken('user-exists', `User ${id} already exists`);
      await sql.run('INSERT INTO users (id, "displayName", role, "passwordHash", "createdAt", plans, "disabledAt") VALUES (?, ?, ?, ?, ?, ?, NULL)', [
        user.id,
        user.displayName,
        user.role,
        user.passwordHash,
        user.createdAt,
        user.plans,
      ]);
      const details = { role, displayName: user.displayName, ...(plans ? { plans } : {}), password: password !== undefined };
      return { result: user, changes: [{ action: by.kind === 'bootstrap' ? 'bootstrap' : 'user-created', subject: id, details }] };
    });
  }

  /** Whether anyone has ever been made an administrator: until then, and only then, the first one may be created without a caller. */
  async hasAdministrator(): Promise<boolean> {
    return (await (await this.accessLog.database()).get("SELECT 1 FROM users WHERE role = 'admin'")) !== undefined;
  }

  async listUsers(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { id: 'ASC' } });
  }

  /** One user by id, or null: the record (role, plans, disabled or not) that callers are built from. */
  async findUser(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id });
  }

  /** A new token for a user; the plain token is returned once and never stored, and its creation is recorded. */
  async createToken(userId: string, name: string, by: AccessActor = SYSTEM_ACTOR): Promise<string> {
    const tokenName = name.trim() || 'api';
    if (tokenName.length > 100) throw new InvalidInput('name', 'use at most 100 characters');
    const token = `pat_${randomBytes(32).toString('base64url')}`;
    return this.accessLog.record(by, async (sql) => {
      if (!(await userById(sql, userId))) throw new InvalidInput('user', `no user ${userId}; create the user first`);
      const inserted = await sql.get<{ id: number }>('INSERT INTO api_tokens ("userId", name, "tokenHash", "createdAt", "revokedAt", "lastUsedAt") VALUES (?, ?, ?, ?, NULL, NULL) RETURNING id', [
        userId,
        tokenName,
        sha256(token),
        new Date().toISOString(),
      ]);
      return { result: token, changes: [{ action: 'token-created', subject: userId, details: { tokenId: Number(inserted!.id), name: tokenName } }] };
    });
  }

  /** Asked on every API request, so one statement (prepared once on SQLite), never a cached answer; the token's last use is written only when a minute old. */
  async callerForToken(token: string): Promise<ActorRef | undefined> {
    const db = await this.accessLog.database();
    const found = await db.get<Caller & { tokenId: number; lastUsedAt: string | null }>(USER_OF_TOKEN, [sha256(token)]);
    if (!found) return undefined;
    const now = new Date();
    if (!found.lastUsedAt || Date.parse(found.lastUsedAt) <= now.getTime() - LAST_USED_RESOLUTION_MS) await bookkeeping(() => db.run(TOKEN_USED, [now.toISOString(), found.tokenId]));
    return callerOf(found);
  }

  /**
   * Prove a password. An unknown user, or one without a password, is checked
   * against a dummy scrypt hash, so the answer takes as long as for a real user
   * and its timing does not tell which names exist.
   */
  async checkPassword(userId: string, password: string): Promise<PasswordCheck> {
    const user = userId.length <= LIMITS.userId ? await userById(await this.accessLog.database(), userId) : undefined;
    if (!user?.passwordHash) {
      await verifyAgainstDummy(password);
      return { kind: 'wrong' };
    }
    if (!(await verifyPassword(password, user.passwordHash))) return { kind: 'wrong' };
    return user.disabledAt ? { kind: 'disabled' } : { kind: 'proven', caller: callerOf(user) };
  }

  /** The caller behind a user name and password; undefined when the name or password is wrong or the account disabled (the caller cannot tell which). */
  async verifyCredentials(userId: string, password: string): Promise<ActorRef | undefined> {
    const check = await this.checkPassword(userId, password);
    return check.kind === 'proven' ? check.caller : undefined;
  }

  /** A new browser session for a user already proven (by password, or by the council's identity provider). Refused for an unknown or disabled account. */
  async openSession(userId: string): Promise<{ sessionId: string; caller: ActorRef }> {
    const db = await this.accessLog.database();
    const user = await userById(db, userId);
    if (!user || user.disabledAt) throw new NotAuthenticated(user ? `The account ${userId} is disabled; ask an administrator.` : `There is no user ${userId}.`);
    const sessionId = randomBytes(32).toString('base64url');
    const now = new Date();
    await db.run('INSERT INTO sessions ("idHash", "userId", "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, ?, ?, ?)', [
      sha256(sessionId),
      userId,
      now.toISOString(),
      now.toISOString(),
      new Date(now.getTime() + this.sessionMaxMs()).toISOString(),
    ]);
    return { sessionId, caller: callerOf(user) };
  }

  /** Check a password and open a session; undefined when the name or password is wrong (the caller cannot tell which). Not throttled: the doors use PasswordSignIn. */
  async signIn(userId: string, password: string): Promise<{ sessionId: string; caller: ActorRef } | undefined> {
    const caller = await this.verifyCredentials(userId, password);
    return caller ? this.openSession(caller.id) : undefined;
  }

  /**
   * The caller behind a session cookie, if the session has reached neither its
   * absolute limit nor its idle limit. Its last use is written when older than a
   * tenth of the idle limit (at most a minute), so a session may end up to that
   * much before the idle limit, never after it.
   */
  async callerForSession(sessionId: string): Promise<ActorRef | undefined> {
    const now = Date.now();
    const idleMs = this.config.sessionIdleMinutes * 60_000;
    const db = await this.accessLog.database();
    const found = await db.get<Caller & { lastSeenAt: string }>(USER_OF_SESSION, [sha256(sessionId), new Date(now).toISOString(), new Date(now - idleMs).toISOString()]);
    if (!found) return undefined;
    if (Date.parse(found.lastSeenAt) <= now - Math.min(LAST_USED_RESOLUTION_MS, idleMs / 10)) await bookkeeping(() => db.run(SESSION_SEEN, [new Date(now).toISOString(), sha256(sessionId)]));
    return callerOf(found);
  }

  /** How long the session cookie is kept by the browser: the absolute limit (the server ends it sooner when idle). */
  sessionMaxMs(): number {
    return this.config.sessionMaxHours * 3_600_000;
  }

  async signOut(sessionId: string): Promise<void> {
    await (await this.accessLog.database()).run('DELETE FROM sessions WHERE "idHash" = ?', [sha256(sessionId)]);
  }
}

function checkNewUser(id: string, role: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(id)) throw new InvalidInput('id', 'use 2-64 lower-case letters, digits, dots, dashes or underscores, e.g. qa.sam');
  if (!isRole(role)) throw new InvalidInput('role', `use one of ${ROLES.join(', ')}`);
}

/** The one password rule: long enough to resist guessing, short enough to hash without trouble. */
export function checkedPassword(password: string, field = 'password'): string {
  if (password.length < 12) throw new InvalidInput(field, 'use at least 12 characters');
  if (password.length > LIMITS.password) throw new InvalidInput(field, `use at most ${LIMITS.password} characters`);
  return password;
}

export function callerOf(user: Caller): ActorRef {
  return { id: user.id, role: user.role, ...(user.plans !== null && user.plans !== undefined ? { plans: user.plans.split(',').filter(Boolean) } : {}) };
}

/**
 * A token's last use or a session's last request, written as a side effect of a read. When the
 * disk cannot take it (full, read-only) the read still answers: the caller is proven by what is
 * already on disk, and the note is written at a later request. (A session may then end by its idle
 * limit sooner than it would have; it never lasts longer.) Any other failure is a real one.
 */
async function bookkeeping(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!storageFaultOf(error)) throw error;
  }
}
