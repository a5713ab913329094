import { LookAlikes } from '../code-reading';
import { DecisionContext } from '../decider';
import { EffectiveTime } from '../effective-date';
import { InvalidInput, RuleBroken } from '../errors';
import { PlanState } from '../plan/plan.state';
import { ActorRef } from '../roles';
import { ActionState } from './action.state';

/** An action's rules depend on its plan: the scale, who signs off, and how long a rating must be held. */
export interface ActionDecisionContext extends DecisionContext {
  plan: PlanState;
}

/**
 * What a use case's rules read besides the command and the action: its plan with the
 * settings in force when the change takes effect, that time (already checked), and who is acting.
 */
export interface ActionRuleContext {
  plan: PlanState;
  when: EffectiveTime;
  actor: ActorRef;
  /** For reading codes as typed (code-reading.ts). */
  lookAlikes: LookAlikes;
}

/** The two fields every action event starts with. */
export function idsOf(state: ActionState, plan: PlanState): { planId: string; reference: string } {
  return { planId: plan.planId, reference: state.details.reference };
}

/** A completed action is frozen until it is reopened; `doing` finishes "reopen it (with a reason) before you ...". */
export function requireNotCompleted(state: ActionState, doing: string): void {
  if (state.status === 'completed') {
    throw new RuleBroken(
      'action-completed',
      `Action ${state.details.reference} was completed on ${state.completedAt?.slice(0, 10)}; reopen it (with a reason) before you ${doing}`,
    );
  }
}

/** An action's status moves forward in time: a withdrawal, sign-off or reopening cannot be slipped in before the last one. */
export function requireAfterLastStatusChange(state: ActionState, when: EffectiveTime): void {
  if (when.effectiveAt < state.statusSince) {
    throw new InvalidInput(
      'effectiveAt',
      `${when.effectiveAt.slice(0, 10)} is before action ${state.details.reference}'s last change of status (${state.statusSince.slice(0, 10)}); date it on or after that`,
    );
  }
}

export function requireReason(when: EffectiveTime, what: string): void {
  if (!when.reason) throw new InvalidInput('reason', what);
}

/** `{ [key]: value }` when there is a value, `{}` otherwise: keeps absent fields out of the event. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
