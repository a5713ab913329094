import { INestApplicationContext } from '@nestjs/common';
import { Command, Option } from 'commander';
import { hostname, userInfo } from 'node:os';
import { AccountsService, UserView } from '../auth/accounts.service';
import { NotAuthenticated } from '../auth/not-authenticated.error';
import { UsersService } from '../auth/users.service';
import { InvalidInput } from '../domain/errors';
import { ActorRef, ROLES } from '../domain/roles';
import { addAccessLogCommands } from './access-log-commands';
import { callerFromEnvironment } from './cli-caller';

type App = () => Promise<INestApplicationContext>;

/**
 * Administration of who may use the system: people with passwords, systems with
 * tokens. Every command here is done by a proven caller (PLAN_AUDIT_TOKEN, or
 * PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD) and recorded in the access log, with
 * one exception: the very first administrator, created when there is none yet,
 * is recorded with the operating-system user and host that ran the command.
 *
 * A password being set is read from PLAN_AUDIT_NEW_PASSWORD, never an option, so
 * it stays out of shell history and `ps`, and never mixes with the caller's own.
 */
export function addUserCommands(program: Command, app: App): void {
  const accounts = async () => (await app()).get(AccountsService);
  const caller = async () => callerFromEnvironment((await app()).get(UsersService));

  program
    .command('add-user')
    .description('create a user with a role (by an administrator; the very first administrator needs no caller). A password from PLAN_AUDIT_NEW_PASSWORD lets them sign in')
    .requiredOption('--id <id>', 'the id recorded on their events, e.g. qa.sam')
    .addOption(new Option('--role <role>', 'their role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'their name as shown on screens', '')
    .option('--plans <ids>', "comma-separated plans they may change (e.g. an action lead's council plan); default: every plan")
    .action(async (o: { id: string; role: string; name: string; plans?: string }) => {
      const password = newPassword(false);
      const plans = o.plans?.split(',').map((p) => p.trim()).filter(Boolean);
      const users = (await app()).get(UsersService);
      if (!(await users.hasAdministrator())) {
        if (!password) throw new InvalidInput('PLAN_AUDIT_NEW_PASSWORD', 'the first administrator needs a password (at least 12 characters), so they can then prove who they are');
        const os = { kind: 'bootstrap' as const, osUser: userInfo().username, host: hostname() };
        const user = await users.createUser(o.id, o.role, o.name || o.id, password, plans, os);
        process.stdout.write(`Created the first administrator ${user.id}, recorded as set up by ${os.osUser} on ${os.host}.\nFrom now on, act as them: PLAN_AUDIT_USER=${user.id} PLAN_AUDIT_PASSWORD=… plan-audit add-user …\n`);
        return;
      }
      const user = await (await accounts()).addUser(await caller(), { id: o.id, role: o.role, displayName: o.name || o.id, password, plans });
      process.stdout.write(`Created ${user.id} (${user.role})${password ? ' with a password' : ' without a password (tokens only)'}${plans ? `, limited to ${plans.join(', ')}` : ''}.\n`);
    });

  program
    .command('create-token')
    .description('create an API token for a user (an administrator, or the user themselves); it is shown once and only its hash is kept')
    .requiredOption('--user <id>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'api')
    .action(async (o: { user: string; name: string }) => {
      const { token } = await (await accounts()).issueToken(await caller(), o.user, o.name);
      process.stdout.write(`${token}\n`);
      process.stderr.write('Copy this token now: it cannot be shown again. Send it as "Authorization: Bearer <token>".\n');
    });

  program
    .command('users')
    .description('list the users, their roles and whether they are disabled (administrators and auditors)')
    .option('--json', 'one JSON object a line')
    .action(async (o: { json?: boolean }) => {
      for (const user of await (await accounts()).listUsers(await caller())) process.stdout.write(o.json ? `${JSON.stringify(user)}\n` : `${describeUser(user)}\n`);
    });

  program
    .command('disable-user')
    .description('disable an account: its sessions end and its tokens and password stop working at once (administrators)')
    .requiredOption('--user <id>', 'the user')
    .option('--reason <text>', 'why, for the access log')
    .action(async (o: { user: string; reason?: string }) => {
      const user = await (await accounts()).disable(await caller(), o.user, o.reason);
      process.stdout.write(`Disabled ${user.id} at ${user.disabledAt}.\n`);
    });

  program
    .command('enable-user')
    .description('enable a disabled account again; tokens not revoked work again (administrators)')
    .requiredOption('--user <id>', 'the user')
    .option('--reason <text>', 'why, for the access log')
    .action(async (o: { user: string; reason?: string }) => {
      const user = await (await accounts()).enable(await caller(), o.user, o.reason);
      process.stdout.write(`Enabled ${user.id}.\n`);
    });

  program
    .command('set-role')
    .description("change a user's role (administrators)")
    .requiredOption('--user <id>', 'the user')
    .addOption(new Option('--role <role>', 'the new role').choices([...ROLES]).makeOptionMandatory())
    .action(async (o: { user: string; role: string }) => {
      const admin = await caller();
      // Read before the change only to say what it was; giveRole decides whether the caller may.
      const was = (await (await app()).get(UsersService).findUser(o.user))?.role;
      const user = await (await accounts()).giveRole(admin, o.user, o.role);
      process.stdout.write(`${user.id} now has the role ${user.role} (was ${was || 'none'}), given by ${admin.id}.\n`);
    });

  program
    .command('tokens')
    .description("list API tokens: yours, or a user's (administrators and auditors): id, name, created, last used, revoked")
    .option('--user <id>', 'whose tokens; default: yours')
    .option('--json', 'one JSON object a line')
    .action(async (o: { user?: string; json?: boolean }) => {
      const who = await caller();
      for (const t of await (await accounts()).tokens(who, o.user ?? who.id)) {
        process.stdout.write(o.json ? `${JSON.stringify(t)}\n` : `${t.id}\t${t.name}\tcreated ${t.createdAt}\tlast used ${t.lastUsedAt ?? 'never'}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`);
      }
    });

  program
    .command('revoke-token')
    .description('revoke a token by its id (see tokens): its owner, or an administrator. The next request with it is refused')
    .requiredOption('--id <tokenId>', 'the token id')
    .action(async (o: { id: string }) => {
      if (!/^\d{1,15}$/.test(o.id)) throw new InvalidInput('--id', `"${o.id}" is not a token id; see plan-audit tokens`);
      const token = await (await accounts()).revokeToken(await caller(), Number(o.id));
      process.stdout.write(`Revoked token ${token.id} (${token.name}) of ${token.userId} at ${token.revokedAt}.\n`);
    });

  program
    .command('set-password')
    .description("set or reset a user's password to PLAN_AUDIT_NEW_PASSWORD; their sessions end (administrators)")
    .requiredOption('--user <id>', 'the user')
    .action(async (o: { user: string }) => {
      const { sessionsEnded } = await (await accounts()).setPassword(await caller(), o.user, newPassword(true)!);
      process.stdout.write(`Set the password of ${o.user}; ${sessionsEnded} session(s) ended.\n`);
    });

  program
    .command('change-password')
    .description('change your own password: PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD (the current one) prove it is you, PLAN_AUDIT_NEW_PASSWORD is the new one')
    .action(async () => {
      const userId = process.env.PLAN_AUDIT_USER?.trim();
      if (!userId || !process.env.PLAN_AUDIT_PASSWORD) throw new NotAuthenticated('change-password needs your current password: set PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD (a token does not prove you know it).');
      const who: ActorRef = { id: userId, role: (await (await app()).get(UsersService).findUser(userId))?.role ?? '' };
      const { sessionsEnded } = await (await accounts()).changePassword(who, process.env.PLAN_AUDIT_PASSWORD, newPassword(true)!, 'command line');
      process.stdout.write(`Changed the password of ${userId}; ${sessionsEnded} session(s) ended.\n`);
    });

  program
    .command('sign-out-everywhere')
    .description("end every browser session: yours, or a user's (administrators)")
    .option('--user <id>', 'whose sessions; default: yours')
    .action(async (o: { user?: string }) => {
      const who = await caller();
      const ended = await (await accounts()).signOutEverywhere(who, o.user ?? who.id);
      process.stdout.write(`Ended ${ended} session(s) of ${o.user ?? who.id}.\n`);
    });

  addAccessLogCommands(program, app);
}

/** The password being set, from PLAN_AUDIT_NEW_PASSWORD; required for set-password and change-password. */
function newPassword(required: boolean): string | undefined {
  const password = process.env.PLAN_AUDIT_NEW_PASSWORD || undefined;
  if (required && !password) throw new InvalidInput('PLAN_AUDIT_NEW_PASSWORD', 'set it to the new password (at least 12 characters)');
  return password;
}

function describeUser(user: UserView): string {
  const state = user.disabledAt ? `disabled since ${user.disabledAt}` : 'enabled';
  return `${user.id}\t${user.role || '(no role yet)'}\t${user.displayName}\t${state}\t${user.sessions} session(s)${user.plans ? `\tplans ${user.plans.join(',')}` : ''}`;
}
