import { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'commander';
import { ROLES } from '../domain/roles';
import { UserRoles } from '../auth/user-roles.service';
import { UsersService } from '../auth/users.service';
import { callerFromEnvironment } from './cli-caller';

type App = () => Promise<INestApplicationContext>;

/** An administrator gives a user a role: how someone who first signed in with the council's identity provider gets access. */
export function addRoleCommands(program: Command, app: App): void {
  program
    .command('set-role')
    .description('give a user a role (administrators only: PLAN_AUDIT_TOKEN, or PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD)')
    .requiredOption('--user <id>', 'the user, as "plan-audit users" lists them')
    .addOption(new Option('--role <role>', 'their role').choices([...ROLES]).makeOptionMandatory())
    .action(async (o: { user: string; role: string }) => {
      const context = await app();
      const admin = await callerFromEnvironment(context.get(UsersService));
      const change = await context.get(UserRoles).setRole(admin, o.user, o.role);
      process.stdout.write(`${change.user} now has the role ${change.role} (was ${change.was ?? 'none'}), given by ${change.by}.\n`);
    });
}
