import { ForbiddenException } from '@nestjs/common';

/**
 * A person who signed in with the council's identity provider but has no role
 * here yet: they can see nothing until an administrator gives them one.
 */
export class NoRoleYet extends ForbiddenException {
  constructor(userId: string) {
    super(`${userId} has no role yet: ask an administrator to give you one (plan-audit set-role --user ${userId} --role <role>)`);
  }
}
