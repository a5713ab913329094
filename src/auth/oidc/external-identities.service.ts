import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { AccessLog } from '../access-log';
import { AccessChange } from '../access-log-entry';
import { AuthSql } from '../auth-database';
import { Claims, displayNameOf, emailOf, readableUserId, roleFromClaims, userIdCandidates } from './person-claims';

/** Who signed in with the identity provider, as a user here; role '' means none yet. */
export interface SignedInPerson {
  userId: string;
  displayName: string;
  role: string;
  /** This was their first sign-in: the user was made just now. */
  created: boolean;
}

interface LinkedIdentity {
  id: number;
  userId: string;
  roleFromClaim: string | null;
}

/**
 * Links an identity at the provider, (issuer, subject), to a user here. The
 * first sign-in makes the user, with the role the group claim maps to or with
 * no role until an administrator gives one; it never attaches to an existing
 * user by name or e-mail (a password user "jo.bloggs" and a provider account
 * jo.bloggs@… are two people until an administrator says otherwise).
 *
 * A user made here, and a role the group claim gives or takes away, are changes
 * of access like any other: each is written to the access log in the same
 * transaction, with the identity provider as the one who made it.
 */
@Injectable()
export class ExternalIdentities {
  private readonly logger = new Logger('Sign-in');

  constructor(
    private readonly accessLog: AccessLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signedIn(issuer: string, claims: Claims): Promise<SignedInPerson> {
    const subject = claims.sub;
    if (typeof subject !== 'string' || !subject) throw new Error('the ID token has no subject');
    const person = await this.accessLog.record({ kind: 'identity-provider', issuer }, async (db) => {
      const identity = await db.get<LinkedIdentity>('SELECT id, "userId", "roleFromClaim" FROM external_identities WHERE issuer = ? AND subject = ?', [issuer, subject]);
      return identity ? this.returning(db, identity, claims) : this.first(db, issuer, subject, claims);
    });
    if (person.created) this.logger.log(`First sign-in of ${subject} at ${issuer}: made user ${person.userId} ${person.role ? `with role ${person.role} from the ${this.config.oidc?.roleClaim} claim` : 'with no role until an administrator gives one'}`);
    return person;
  }

  private async first(db: AuthSql, issuer: string, subject: string, claims: Claims): Promise<{ result: SignedInPerson; changes: AccessChange[] }> {
    const now = new Date().toISOString();
    const mapped = this.mappedRole(claims);
    let id = '';
    for (const candidate of userIdCandidates(readableUserId(claims))) {
      if ((await db.get('SELECT 1 FROM users WHERE id = ?', [candidate])) === undefined) {
        id = candidate;
        break;
      }
    }
    const displayName = displayNameOf(claims, id);
    await db.run('INSERT INTO users (id, "displayName", role, "passwordHash", "createdAt", plans) VALUES (?, ?, ?, NULL, ?, NULL)', [id, displayName, mapped ?? '', now]);
    await db.run('INSERT INTO external_identities (issuer, subject, "userId", email, "roleFromClaim", "createdAt", "lastSignInAt") VALUES (?, ?, ?, ?, ?, ?, ?)', [
      issuer,
      subject,
      id,
      emailOf(claims),
      mapped ?? null,
      now,
      now,
    ]);
    const details = { issuer, subject, displayName, role: mapped ?? null, ...(mapped ? { roleFrom: this.config.oidc?.roleClaim } : {}) };
    return { result: { userId: id, displayName, role: mapped ?? '', created: true }, changes: [{ action: 'user-created', subject: id, details }] };
  }

  private async returning(db: AuthSql, identity: LinkedIdentity, claims: Claims): Promise<{ result: SignedInPerson; changes: AccessChange[] }> {
    const user = await db.get<{ id: string; role: string; displayName: string }>('SELECT id, role, "displayName" FROM users WHERE id = ?', [identity.userId]);
    if (!user) throw new Error(`identity linked to user ${identity.userId}, who is not on record`);
    const mapped = this.mappedRole(claims);
    // The claim decides when it maps to a role; when it no longer does, only a role it gave is taken away.
    const role = mapped ?? (identity.roleFromClaim !== null && user.role === identity.roleFromClaim ? '' : user.role);
    const changes: AccessChange[] = [];
    if (role !== user.role) {
      await db.run('UPDATE users SET role = ? WHERE id = ?', [role, user.id]);
      changes.push({ action: 'role-given', subject: user.id, details: { from: user.role || null, to: role || null, by: `the ${this.config.oidc?.roleClaim} claim` } });
    }
    await db.run('UPDATE external_identities SET email = ?, "roleFromClaim" = ?, "lastSignInAt" = ? WHERE id = ?', [emailOf(claims), mapped ?? null, new Date().toISOString(), identity.id]);
    return { result: { userId: user.id, displayName: user.displayName, role, created: false }, changes };
  }

  private mappedRole(claims: Claims): string | undefined {
    const oidc = this.config.oidc;
    return oidc?.roleClaim ? roleFromClaims(claims, oidc.roleClaim, oidc.roleMap) : undefined;
  }
}
