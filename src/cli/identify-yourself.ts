import { ActorRef } from '../domain/roles';

const HOW = `  Set one of:
    PLAN_AUDIT_TOKEN=<token>                       your API token (plan-audit create-token --user <id>)
    PLAN_AUDIT_USER=<id> and PLAN_AUDIT_PASSWORD    your user name and password
  With PLAN_AUDIT_SERVER=https://<host> as well, the command goes to that server over
  HTTP with PLAN_AUDIT_TOKEN, and needs no access to its data folder.
  No credentials, an unknown user, a wrong password or a revoked token: exit code 3,
  and nothing is recorded.`;

/**
 * How a CLI user says who they are, shown in the help of every command that
 * records events. Who did it is proven, never claimed: there is no --actor or --role.
 */
export const IDENTIFY_YOURSELF = `
Who you are:
  This command records who did it: the user your credentials belong to, in the role
  on their record (an administrator sets it with add-user).
${HOW}`;

/** The same, for the CLI's own help: which commands need a user, and which do not. */
export const IDENTIFY_FOR_WRITES = `
Who you are:
  Commands that record events (the plan changes, import, restore) record who did it:
  the user your credentials belong to, in the role on their record.
${HOW}
  Commands that record nothing (events, report, verify, export, checkpoint(s), proofs,
  lag, catch-up, rebuild-read-models, public-key) need no user.`;

/** The words a successful write ends with, so the user sees whom the event names. */
export function asWhom(actor: Pick<ActorRef, 'id' | 'role'>): string {
  return `as ${actor.id} (${actor.role})`;
}
