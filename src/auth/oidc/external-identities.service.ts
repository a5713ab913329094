import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { User } from '../user.entity';
import { AUTH_CONNECTION } from '../users.service';
import { ExternalIdentity } from './external-identity.entity';
import { Claims, displayNameOf, emailOf, readableUserId, roleFromClaims, userIdCandidates } from './person-claims';

/** Who signed in with the identity provider, as a user here; role '' means none yet. */
export interface SignedInPerson {
  userId: string;
  displayName: string;
  role: string;
  /** This was their first sign-in: the user was made just now. */
  created: boolean;
}

/**
 * Links an identity at the provider, (issuer, subject), to a user here. The
 * first sign-in makes the user, with the role the group claim maps to or with
 * no role until an administrator gives one; it never attaches to an existing
 * user by name or e-mail (a password user "jo.bloggs" and a provider account
 * jo.bloggs@… are two people until an administrator says otherwise).
 */
@Injectable()
export class ExternalIdentities {
  private readonly logger = new Logger('Sign-in');

  constructor(
    @InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signedIn(issuer: string, claims: Claims): Promise<SignedInPerson> {
    const subject = claims.sub;
    if (typeof subject !== 'string' || !subject) throw new Error('the ID token has no subject');
    return this.db.transaction(async (manager) => {
      const identity = await manager.getRepository(ExternalIdentity).findOneBy({ issuer, subject });
      return identity ? this.returning(manager, identity, claims) : this.first(manager, issuer, subject, claims);
    });
  }

  private async first(manager: EntityManager, issuer: string, subject: string, claims: Claims): Promise<SignedInPerson> {
    const now = new Date().toISOString();
    const mapped = this.mappedRole(claims);
    const users = manager.getRepository(User);
    let id = '';
    for (const candidate of userIdCandidates(readableUserId(claims))) {
      if (!(await users.existsBy({ id: candidate }))) {
        id = candidate;
        break;
      }
    }
    const user = { id, role: mapped ?? '', displayName: displayNameOf(claims, id), passwordHash: null, createdAt: now, plans: null };
    await users.insert(user);
    await manager.getRepository(ExternalIdentity).insert({ issuer, subject, userId: id, email: emailOf(claims), roleFromClaim: mapped ?? null, createdAt: now, lastSignInAt: now });
    this.logger.log(`First sign-in of ${subject} at ${issuer}: made user ${id}, ${mapped ? `role ${mapped} from the ${this.config.oidc?.roleClaim} claim` : 'no role until an administrator gives one'}`);
    return { userId: id, displayName: user.displayName, role: user.role, created: true };
  }

  private async returning(manager: EntityManager, identity: ExternalIdentity, claims: Claims): Promise<SignedInPerson> {
    const user = await manager.getRepository(User).findOneByOrFail({ id: identity.userId });
    const mapped = this.mappedRole(claims);
    // The claim decides when it maps to a role; when it no longer does, only a role it gave is taken away.
    const role = mapped ?? (identity.roleFromClaim !== null && user.role === identity.roleFromClaim ? '' : user.role);
    if (role !== user.role) {
      await manager.getRepository(User).update({ id: user.id }, { role });
      this.logger.log(`Role of ${user.id} changed from ${user.role || 'none'} to ${role || 'none'} by the ${this.config.oidc?.roleClaim} claim at sign-in`);
    }
    await manager.getRepository(ExternalIdentity).update({ id: identity.id }, { email: emailOf(claims), roleFromClaim: mapped ?? null, lastSignInAt: new Date().toISOString() });
    return { userId: user.id, displayName: user.displayName, role, created: false };
  }

  private mappedRole(claims: Claims): string | undefined {
    const oidc = this.config.oidc;
    return oidc?.roleClaim ? roleFromClaims(claims, oidc.roleClaim, oidc.roleMap) : undefined;
  }
}
