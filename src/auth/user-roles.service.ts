import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInput, NotFound, NotPermitted } from '../domain/errors';
import { ActorRef, isRole, ROLES } from '../domain/roles';
import { User } from './user.entity';
import { AUTH_CONNECTION } from './users.service';

export interface RoleChange {
  user: string;
  role: string;
  /** The role before, or null when they had none (a first sign-in with the identity provider). */
  was: string | null;
  by: string;
}

/**
 * An administrator gives a user their role: how a person who first signed in
 * with the council's identity provider, and has no role yet, gets access.
 */
@Injectable()
export class UserRoles {
  private readonly logger = new Logger('Access');

  constructor(@InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource) {}

  async setRole(by: ActorRef, userId: string, role: string): Promise<RoleChange> {
    if (by.role !== 'admin') throw new NotPermitted(`Only an administrator can give a user a role; you are ${by.id} (${by.role || 'no role'})`);
    if (!isRole(role)) throw new InvalidInput('role', `use one of ${ROLES.join(', ')}`);
    if (userId === by.id) throw new NotPermitted('An administrator cannot change their own role; ask another administrator');
    const users = this.db.getRepository(User);
    const user = await users.findOneBy({ id: userId });
    if (!user) throw new NotFound(`No user ${userId}; the list of users is "plan-audit users"`);
    if (user.role !== role) await users.update({ id: userId }, { role });
    this.logger.log(`${by.id} gave ${userId} the role ${role} (was ${user.role || 'none'})`);
    return { user: userId, role, was: user.role || null, by: by.id };
  }
}
