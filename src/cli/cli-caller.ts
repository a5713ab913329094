import { ActorRef } from '../domain/roles';
import { NotAuthenticated } from '../auth/not-authenticated.error';
import { UsersService } from '../auth/users.service';

/**
 * Who is running a CLI command that writes: proven from the environment, never
 * taken from a flag. Either an API token (PLAN_AUDIT_TOKEN, as the API takes it),
 * or a user name and password (PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD). The role
 * is the one on the user's record. Read from the environment, not from options,
 * so secrets stay out of shell history and `ps`.
 */
export async function callerFromEnvironment(users: UsersService, env: NodeJS.ProcessEnv = process.env): Promise<ActorRef> {
  const token = env.PLAN_AUDIT_TOKEN?.trim();
  if (token) {
    const caller = await users.callerForToken(token);
    if (!caller) throw new NotAuthenticated('PLAN_AUDIT_TOKEN is not a valid token here: it is unknown, revoked, or its user is disabled. Ask an administrator for a new one (plan-audit create-token).');
    return caller;
  }
  const userId = env.PLAN_AUDIT_USER?.trim();
  if (userId) {
    const password = env.PLAN_AUDIT_PASSWORD ?? '';
    const caller = password ? await users.verifyCredentials(userId, password) : undefined;
    if (!caller) throw new NotAuthenticated(`PLAN_AUDIT_USER ${userId} and PLAN_AUDIT_PASSWORD do not match a user here.`);
    return caller;
  }
  throw new NotAuthenticated('This command records who did it, so say who you are: set PLAN_AUDIT_TOKEN to your API token, or PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD.');
}
