import { Injectable } from '@nestjs/common';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../domain/errors';
import { ACCESS_READERS, requireRole } from '../domain/permissions';
import { ActorRef, isRole, ROLES } from '../domain/roles';
import { sha256 } from '../event-store/hashing';
import { AccessChange, userActor } from './access-log-entry';
import { AccessLog } from './access-log';
import { AuthSql, truth } from './auth-database';
import { hashPassword } from './passwords';
import { SignInLimits } from './sign-in-limits';
import { TooManyAttempts } from './too-many-attempts.error';
import { User } from './user.entity';
import { checkedPassword, UsersService } from './users.service';

/** A user as shown to administrators: never the password hash. */
export interface UserView {
  id: string;
  displayName: string;
  role: string;
  plans: string[] | null;
  createdAt: string;
  disabledAt: string | null;
  hasPassword: boolean;
  /** Browser sessions open now. */
  sessions: number;
}

export interface TokenView {
  id: number;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}


/**
 * Account control: who may change whose access, and the change itself with its
 * entry in the access log. An administrator manages anyone; every user manages
 * their own tokens, sessions and password; auditors may read. Every check of
 * "is this account still usable" happens on each request (UsersService), so a
 * change here takes effect at the very next one.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersService,
    private readonly accessLog: AccessLog,
    private readonly limits: SignInLimits,
  ) {}

  async addUser(caller: ActorRef, input: { id: string; role: string; displayName?: string; password?: string; plans?: string[] }): Promise<UserView> {
    requireAdmin(caller, 'add users');
    await this.users.createUser(input.id, input.role, input.displayName ?? input.id, input.password, input.plans, userActor(caller));
    return this.user(caller, input.id);
  }

  /** A token for `userId`: by an administrator, or by the user for themselves. The token itself is in the answer this once. */
  async issueToken(caller: ActorRef, userId: string, name: string): Promise<TokenView & { token: string }> {
    requireSelfOrAdmin(caller, userId, 'create tokens for other users');
    const token = await this.users.createToken(userId, name, userActor(caller));
    return { token, ...(await (await this.db()).get<TokenView>(`${TOKEN_VIEW_SQL} WHERE "tokenHash" = ?`, [sha256(token)]))! };
  }

  async listUsers(caller: ActorRef): Promise<UserView[]> {
    requireRole(caller, ACCESS_READERS, 'list users');
    return (await (await this.db()).all<UserRow>(`${USER_VIEW_SQL} ORDER BY id`)).map(viewOf);
  }

  async user(caller: ActorRef, userId: string): Promise<UserView> {
    if (caller.id !== userId) requireRole(caller, ACCESS_READERS, "see other users' accounts");
    const row = await (await this.db()).get<UserRow>(`${USER_VIEW_SQL} WHERE id = ?`, [userId]);
    if (!row) throw new NotFound(`There is no user ${userId}`);
    return viewOf(row);
  }

  /** Disable an account: its sessions end now, and neither its tokens nor its password work until it is enabled. */
  async disable(caller: ActorRef, userId: string, reason?: string): Promise<UserView> {
    requireAdmin(caller, 'disable users');
    await this.change(caller, async (db) => {
      const user = await existing(db, userId);
      if (user.disabledAt) throw new RuleBroken('already-disabled', `${userId} is already disabled (since ${user.disabledAt})`);
      if (user.role === 'admin') await requireAnotherAdmin(db, userId, 'disable');
      await db.run('UPDATE users SET "disabledAt" = ? WHERE id = ?', [new Date().toISOString(), userId]);
      const ended = await db.run('DELETE FROM sessions WHERE "userId" = ?', [userId]);
      return { action: 'user-disabled', subject: userId, details: { sessionsEnded: ended, ...(reason ? { reason } : {}) } };
    });
    return this.user(caller, userId);
  }

  /** Enable an account again: its tokens that were not revoked work again; its sessions stay ended. */
  async enable(caller: ActorRef, userId: string, reason?: string): Promise<UserView> {
    requireAdmin(caller, 'enable users');
    await this.change(caller, async (db) => {
      const user = await existing(db, userId);
      if (!user.disabledAt) throw new RuleBroken('not-disabled', `${userId} is not disabled`);
      await db.run('UPDATE users SET "disabledAt" = NULL WHERE id = ?', [userId]);
      return { action: 'user-enabled', subject: userId, details: reason ? { reason } : {} };
    });
    return this.user(caller, userId);
  }

  async giveRole(caller: ActorRef, userId: string, role: string): Promise<UserView> {
    requireAdmin(caller, 'change roles');
    if (!isRole(role)) throw new InvalidInput('role', `use one of ${ROLES.join(', ')}`);
    await this.change(caller, async (db) => {
      const user = await existing(db, userId);
      if (user.role === role) throw new RuleBroken('same-role', `${userId} already has the role ${role}`);
      if (user.role === 'admin') await requireAnotherAdmin(db, userId, 'take the administrator role from');
      await db.run('UPDATE users SET role = ? WHERE id = ?', [role, userId]);
      return { action: 'role-given', subject: userId, details: { from: user.role, to: role } };
    });
    return this.user(caller, userId);
  }

  async tokens(caller: ActorRef, userId: string): Promise<TokenView[]> {
    if (caller.id !== userId) requireRole(caller, ACCESS_READERS, "see other users' tokens");
    const db = await this.db();
    await existing(db, userId);
    return db.all<TokenView>(`${TOKEN_VIEW_SQL} WHERE "userId" = ? ORDER BY id`, [userId]);
  }

  /** Revoke a token: by its owner or an administrator. The very next request with it is refused. */
  async revokeToken(caller: ActorRef, tokenId: number): Promise<TokenView> {
    await this.change(caller, async (db) => {
      const token = await db.get<TokenView>(`${TOKEN_VIEW_SQL} WHERE id = ?`, [tokenId]);
      if (!token || (token.userId !== caller.id && caller.role !== 'admin' && caller.role !== 'auditor')) throw new NotFound(`You have no token ${tokenId}`);
      requireSelfOrAdmin(caller, token.userId, "revoke other users' tokens");
      if (token.revokedAt) throw new RuleBroken('token-revoked', `Token ${tokenId} was already revoked at ${token.revokedAt}`);
      await db.run('UPDATE api_tokens SET "revokedAt" = ? WHERE id = ?', [new Date().toISOString(), tokenId]);
      return { action: 'token-revoked', subject: token.userId, details: { tokenId, name: token.name } };
    });
    return (await (await this.db()).get<TokenView>(`${TOKEN_VIEW_SQL} WHERE id = ?`, [tokenId]))!;
  }

  /** End every browser session of a user: by the user, or an administrator. */
  async signOutEverywhere(caller: ActorRef, userId: string): Promise<number> {
    requireSelfOrAdmin(caller, userId, 'sign other users out');
    return this.change(caller, async (db) => {
      await existing(db, userId);
      const ended = await db.run('DELETE FROM sessions WHERE "userId" = ?', [userId]);
      return { action: 'signed-out-everywhere', subject: userId, details: { sessionsEnded: ended } };
    });
  }

  /**
   * A user changes their own password, proving the current one. A wrong current
   * password counts as a failed sign-in (a stolen session must not become a way
   * to guess). The user's other sessions end; the one in use (if any) stays.
   */
  async changePassword(caller: ActorRef, current: string, next: string, address: string, keepSessionId?: string): Promise<{ sessionsEnded: number }> {
    const hash = await hashPassword(checkedPassword(next, 'newPassword'));
    const attempt = await this.limits.begin(caller.id, address);
    if ('retryAfterSeconds' in attempt) throw new TooManyAttempts(attempt.retryAfterSeconds);
    const check = await this.users.checkPassword(caller.id, current);
    if (check.kind !== 'proven') throw new InvalidInput('currentPassword', 'is not your current password; nothing was changed');
    await this.limits.succeeded(attempt);
    const sessionsEnded = await this.change(caller, async (db) => {
      const ended = await db.run('DELETE FROM sessions WHERE "userId" = ? AND "idHash" != ?', [caller.id, keepSessionId ? sha256(keepSessionId) : '']);
      await db.run('UPDATE users SET "passwordHash" = ? WHERE id = ?', [hash, caller.id]);
      return { action: 'password-changed', subject: caller.id, details: { sessionsEnded: ended } };
    });
    return { sessionsEnded };
  }

  /** An administrator sets or resets someone's password; that user's sessions end, since the old password may be known to someone else. */
  async setPassword(caller: ActorRef, userId: string, password: string): Promise<{ sessionsEnded: number }> {
    requireAdmin(caller, "set other users' passwords");
    const hash = await hashPassword(checkedPassword(password));
    const sessionsEnded = await this.change(caller, async (db) => {
      const user = await existing(db, userId);
      await db.run('UPDATE users SET "passwordHash" = ? WHERE id = ?', [hash, userId]);
      const ended = await db.run('DELETE FROM sessions WHERE "userId" = ?', [userId]);
      return { action: 'password-reset', subject: userId, details: { hadPassword: user.passwordHash !== null, sessionsEnded: ended } };
    });
    return { sessionsEnded };
  }

  private db(): Promise<AuthSql> {
    return this.accessLog.database();
  }

  /** Make a change and its access-log entry in one transaction; answers how many sessions it ended (0 for most). */
  private change(caller: ActorRef, apply: (db: AuthSql) => Promise<AccessChange & { details: { sessionsEnded?: number } }>): Promise<number> {
    return this.accessLog.record(userActor(caller), async (db) => {
      const change = await apply(db);
      return { result: change.details.sessionsEnded ?? 0, changes: [change] };
    });
  }
}

type UserRow = Omit<UserView, 'plans' | 'hasPassword'> & { plans: string | null; hasPassword: unknown };
const TOKEN_VIEW_SQL = 'SELECT id, "userId", name, "createdAt", "lastUsedAt", "revokedAt" FROM api_tokens';
const USER_VIEW_SQL =
  'SELECT id, "displayName", role, plans, "createdAt", "disabledAt", "passwordHash" IS NOT NULL AS "hasPassword", (SELECT CAST(COUNT(*) AS INTEGER) FROM sessions WHERE sessions."userId" = users.id) AS sessions FROM users';

function viewOf(row: UserRow): UserView {
  return { ...row, plans: row.plans ? row.plans.split(',').filter(Boolean) : null, hasPassword: truth(row.hasPassword) };
}

async function existing(db: AuthSql, userId: string): Promise<Pick<User, 'id' | 'role' | 'disabledAt' | 'passwordHash'>> {
  const user = await db.get<Pick<User, 'id' | 'role' | 'disabledAt' | 'passwordHash'>>('SELECT id, role, "disabledAt", "passwordHash" FROM users WHERE id = ?', [userId]);
  if (!user) throw new NotFound(`There is no user ${userId}`);
  return user;
}

/** Someone must always be able to administer: the last enabled administrator cannot be disabled or demoted. */
async function requireAnotherAdmin(db: AuthSql, userId: string, doing: string): Promise<void> {
  const others = (await db.get<{ others: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS others FROM users WHERE role = 'admin' AND "disabledAt" IS NULL AND id != ?`, [userId]))?.others ?? 0;
  if (others === 0) throw new RuleBroken('last-admin', `Cannot ${doing} ${userId}: they are the last enabled administrator; make someone else an administrator first`);
}

function requireAdmin(caller: ActorRef, doing: string): void {
  requireRole(caller, ['admin'], doing);
}

function requireSelfOrAdmin(caller: ActorRef, userId: string, doing: string): void {
  if (caller.id !== userId) requireAdmin(caller, doing);
}
