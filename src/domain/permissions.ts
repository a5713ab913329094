import { NotPermitted } from './errors';
import { ActorRef, Role } from './roles';

/**
 * Who may do what (issue: inspectors and auditors read only; the board shapes
 * the plan; leads rate and submit evidence; the sign-off role reviews and signs off).
 * Kept in the domain so the CLI and the API enforce the same rules.
 */
export const PLAN_SHAPERS: readonly Role[] = ['admin', 'board'];
export const ACTION_SHAPERS: readonly Role[] = ['board'];
export const RATERS: readonly Role[] = ['lead', 'board'];
/** Who may read who has access: the accounts of others, their tokens, the access log. */
export const ACCESS_READERS: readonly Role[] = ['admin', 'auditor'];
/**
 * Importing a plan file adds its actions and records the history it reports, which is
 * the board's record of its plan: the role that adds actions. Not admin (who manages
 * accounts, not plans) and never the sign-off role as such.
 */
export const IMPORTERS: readonly Role[] = ['board'];

/** A caller limited to some plans may change only those. */
export function requirePlanAccess(actor: ActorRef, planId: string): void {
  if (actor.plans && !actor.plans.includes(planId)) {
    throw new NotPermitted(`${actor.id} (${actor.role}) works on ${actor.plans.length ? actor.plans.join(', ') : 'no plan yet'}, not on plan ${planId}; ask an administrator to add the plan to your account`);
  }
}

export function requireRole(actor: ActorRef, allowed: readonly string[], doing: string): void {
  if (!allowed.includes(actor.role)) {
    throw new NotPermitted(`${actor.id} (${actor.role}) may not ${doing}; this needs the role ${allowed.join(' or ')}`);
  }
}
