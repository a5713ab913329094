import { RuleBroken } from '../errors';
import { PlanState } from '../plan/plan.state';
import { ActorRef } from '../roles';
import { ActionState, EvidenceItem } from './action.state';

/**
 * Separation of duties (four eyes): no one both does a thing and checks it. On by
 * default; a plan may turn it off (PlanSettingsChanged, with who and why), and then
 * these refusals no longer apply from that date on. People are told apart by their
 * user id, which every event's actor carries.
 */

/** The person who submitted an evidence item does not accept or reject it. */
export function requireNotOwnEvidence(item: EvidenceItem, actor: ActorRef, plan: PlanState, doing: 'accept' | 'reject'): void {
  if (!plan.separationOfDuties || item.submittedBy !== actor.id) return;
  throw new RuleBroken(
    'reviewer-not-submitter',
    `${actor.id} submitted evidence ${item.evidenceId}, so cannot ${doing} it: separation of duties in plan ${plan.planId} needs someone else in the sign-off role to review it`,
  );
}

/**
 * The action's lead does not sign off their own action. The lead is the user named in
 * the action's `leadUser`; `lead` is a job title and names no one the log can check.
 */
export function requireNotLeadSigningOff(state: ActionState, actor: ActorRef, plan: PlanState): void {
  if (!plan.separationOfDuties || state.details.leadUser !== actor.id) return;
  throw new RuleBroken(
    'signer-not-lead',
    `${actor.id} leads action ${state.details.reference}, so cannot sign it off: separation of duties in plan ${plan.planId} needs someone else in the sign-off role to do it`,
  );
}

/** The person who signs off did not submit any of the accepted evidence the sign-off rests on. */
export function requireNotSigningOffOwnEvidence(accepted: EvidenceItem[], actor: ActorRef, plan: PlanState, reference: string): void {
  if (!plan.separationOfDuties) return;
  const own = accepted.filter((item) => item.submittedBy === actor.id).map((item) => item.evidenceId);
  if (own.length === 0) return;
  throw new RuleBroken(
    'signer-not-submitter',
    `${actor.id} submitted evidence ${own.join(', ')} that the sign-off of action ${reference} rests on, so cannot sign it off: separation of duties in plan ${plan.planId} needs someone else in the sign-off role to do it`,
  );
}
