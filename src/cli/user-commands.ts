import { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'commander';
import { ROLES } from '../domain/roles';
import { UsersService } from '../auth/users.service';

type App = () => Promise<INestApplicationContext>;

/** Administration of who may use the system: people with passwords, systems with tokens. */
export function addUserCommands(program: Command, app: App): void {
  program
    .command('add-user')
    .description('create a user with a role; a password (from PLAN_AUDIT_PASSWORD) lets them sign in to the web pages')
    .requiredOption('--id <id>', 'the id recorded on their events, e.g. qa.sam')
    .addOption(new Option('--role <role>', 'their role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'their name as shown on screens', '')
    .option('--plans <ids>', 'comma-separated plans they may change (e.g. an action lead\'s council plan); default: every plan')
    .action(async (o: { id: string; role: string; name: string; plans?: string }) => {
      // From the environment, not an option, so the password never lands in shell history or `ps`.
      const password = process.env.PLAN_AUDIT_PASSWORD || undefined;
      const plans = o.plans?.split(',').map((p) => p.trim()).filter(Boolean);
      const user = await (await app()).get(UsersService).createUser(o.id, o.role, o.name || o.id, password, plans);
      process.stdout.write(`Created ${user.id} (${user.role})${password ? ' with a password' : ' without a password (tokens only)'}${plans ? `, limited to ${plans.join(', ')}` : ''}.\n`);
    });

  program
    .command('create-token')
    .description('create an API token for a user; it is shown once and only its hash is kept')
    .requiredOption('--user <id>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'api')
    .action(async (o: { user: string; name: string }) => {
      const token = await (await app()).get(UsersService).createToken(o.user, o.name);
      process.stdout.write(`${token}\n`);
      process.stderr.write('Copy this token now: it cannot be shown again. Send it as "Authorization: Bearer <token>".\n');
    });

  program
    .command('users')
    .description('list the users and their roles')
    .action(async () => {
      for (const user of await (await app()).get(UsersService).listUsers()) process.stdout.write(`${user.id}\t${user.role || '(no role yet)'}\t${user.displayName}\n`);
    });
}
