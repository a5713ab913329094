import { Decision } from '../decider';
import { addMonths } from '../effective-date';
import { RuleBroken } from '../errors';
import { PlanState } from '../plan/plan.state';
import { terminalCode } from '../rag-scale';
import { optionalText } from '../text';
import { ActionRuleContext, idsOf, optional, requireAfterLastStatusChange, requireNotCompleted, requireReason } from './action.checks';
import { ReopenAction, SignOffCompletion } from './action.commands';
import { ActionEvent } from './action.events';
import { requireNotLeadSigningOff, requireNotSigningOffOwnEvidence } from './action.duties';
import { acceptedEvidence, ActionState, currentRating, heldSince } from './action.state';

/**
 * Completion is a workflow, not a rating: "completed and evidenced" is signed off by the
 * plan's sign-off role, on evidence accepted by then, after any hold the plan asks for.
 */

export function signOffCompletion(command: SignOffCompletion, state: ActionState, { plan, when, actor }: ActionRuleContext): Decision<ActionEvent> {
  requireAfterLastStatusChange(state, when);
  requireNotCompleted(state, 'sign it off again');
  requireNotLeadSigningOff(state, actor, plan);
  const accepted = acceptedEvidence(state, when.effectiveAt);
  if (accepted.length === 0) {
    throw new RuleBroken(
      'evidence-required',
      `No evidence had been accepted for action ${state.details.reference} by ${when.effectiveAt.slice(0, 10)}; accept at least one evidence item before signing it off as completed`,
    );
  }
  requireNotSigningOffOwnEvidence(accepted, actor, plan, state.details.reference);
  requireHold(state, plan, when.effectiveAt);
  return {
    ...when,
    events: [
      {
        type: 'ActionCompleted',
        data: {
          ...idsOf(state, plan),
          ...optional('code', terminalCode(plan.scale)?.code),
          evidenceIds: accepted.map((item) => item.evidenceId),
          ...optional('commentary', optionalText(command.commentary, 'commentary')),
        },
      },
    ],
  };
}

export function reopenAction(_command: ReopenAction, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  requireAfterLastStatusChange(state, when);
  const reference = state.details.reference;
  if (state.status !== 'completed') throw new RuleBroken('not-completed', `Action ${reference} is not completed, so there is nothing to reopen`);
  requireReason(when, `say why action ${reference} is being reopened`);
  return { ...when, events: [{ type: 'ActionReopened', data: idsOf(state, plan) }] };
}

/** Where the plan asks for it, the top rating must be held for a while "to ensure the improvements are sustained". */
function requireHold(state: ActionState, plan: PlanState, signOffAt: string): void {
  const hold = plan.minimumHold;
  if (!hold) return;
  const reference = state.details.reference;
  const since = heldSince(state, hold.code);
  if (!since) {
    const now = currentRating(state)?.code ?? 'unrated';
    throw new RuleBroken('minimum-hold', `Action ${reference} is rated ${now}; plan ${plan.planId} requires it to be held at ${hold.code} for ${hold.months} months before sign-off`);
  }
  const earliest = addMonths(new Date(since), hold.months).toISOString();
  if (signOffAt < earliest) {
    throw new RuleBroken(
      'minimum-hold',
      `Action ${reference} has been held at ${hold.code} since ${since.slice(0, 10)}; plan ${plan.planId} requires ${hold.months} months, so it can be signed off from ${earliest.slice(0, 10)}`,
    );
  }
}
