import { Decision } from '../decider';
import { parseDueDate } from '../effective-date';
import { InvalidInput, RuleBroken } from '../errors';
import { requireActionReference } from '../identifiers';
import { PlanState, requireNotBeforePlan } from '../plan/plan.state';
import { requireRatingCode } from '../rag-scale';
import { CodeRead, notesOf } from '../code-reading';
import { LIMITS } from '../limits';
import { optionalText, requireText } from '../text';
import { ActionRuleContext, idsOf, optional, requireAfterLastStatusChange, requireReason } from './action.checks';
import { AddAction, AmendAction, WithdrawAction } from './action.commands';
import { ActionDetails, ActionEvent } from './action.events';
import { ActionState } from './action.state';

/** The board shapes the plan: it adds actions (the NEW 1..8 rows), rewords them, and withdraws them. */

export function addAction(command: AddAction, state: ActionState, { plan, when, lookAlikes }: ActionRuleContext): Decision<ActionEvent> {
  requireNotBeforePlan(plan, when.effectiveAt);
  const reference = requireActionReference(command.reference);
  if (state.status !== 'absent') throw new RuleBroken('action-exists', `Action ${reference} already exists in plan ${plan.planId}; amend it, or give the new action another reference`);
  const details: ActionDetails = {
    reference,
    priorityNumber: requirePriority(plan, command.priorityNumber),
    title: requireText(command.title, 'title'),
    ...optional('ofstedReference', optionalText(command.ofstedReference, 'ofstedReference', LIMITS.ofstedReference)),
    ...optional('successMeasures', optionalText(command.successMeasures, 'successMeasures')),
    ...optional('lead', optionalText(command.lead, 'lead', LIMITS.name)),
    ...optional('leadUser', optionalText(command.leadUser, 'leadUser', LIMITS.userId)),
    ...optional('dueDate', command.dueDate ? parseDueDate(command.dueDate) : undefined),
    ...optional('seniorOwner', optionalText(command.seniorOwner, 'seniorOwner', LIMITS.name)),
  };
  const events: ActionEvent[] = [{ type: 'ActionAdded', data: { planId: plan.planId, ...details } }];
  let read: CodeRead | undefined;
  // The initial rating is its own RatingChanged, so a later correction can name it.
  if (command.initialRating !== undefined && command.initialRating !== '') {
    if (plan.ratingMethod === 'criteria') {
      throw new InvalidInput('initialRating', `plan ${plan.planId} derives ratings from criteria; add the action unrated and then assess its criteria`);
    }
    read = requireRatingCode(plan.scale, command.initialRating, 'initialRating', lookAlikes);
    events.push({ type: 'RatingChanged', data: { planId: plan.planId, reference, code: read.code.code, ...optional('codeAsTyped', read.asTyped), derivedFrom: 'initial' } });
  }
  return { ...when, events, ...notesOf(read) };
}

/** The wording changes between reports; only what differs is recorded. */
export function amendAction(command: AmendAction, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const changes = amendedDetails(command, state.details, plan);
  if (Object.keys(changes).length === 0) throw new InvalidInput('title', 'nothing would change; give the new wording, lead, lead user, due date or success measures');
  return { ...when, events: [{ type: 'ActionAmended', data: { ...idsOf(state, plan), changes } }] };
}

export function withdrawAction(_command: WithdrawAction, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  requireAfterLastStatusChange(state, when);
  requireReason(when, `say why action ${state.details.reference} is being withdrawn from the plan`);
  return { ...when, events: [{ type: 'ActionWithdrawn', data: idsOf(state, plan) }] };
}

function amendedDetails(command: AmendAction, current: ActionDetails, plan: PlanState): Partial<Omit<ActionDetails, 'reference'>> {
  const proposed: Partial<Omit<ActionDetails, 'reference'>> = {
    ...optional('priorityNumber', command.priorityNumber !== undefined ? requirePriority(plan, command.priorityNumber) : undefined),
    ...optional('title', command.title !== undefined ? requireText(command.title, 'title') : undefined),
    ...optional('ofstedReference', optionalText(command.ofstedReference, 'ofstedReference', LIMITS.ofstedReference)),
    ...optional('successMeasures', optionalText(command.successMeasures, 'successMeasures')),
    ...optional('lead', optionalText(command.lead, 'lead', LIMITS.name)),
    ...optional('leadUser', optionalText(command.leadUser, 'leadUser', LIMITS.userId)),
    ...optional('dueDate', command.dueDate ? parseDueDate(command.dueDate) : undefined),
    ...optional('seniorOwner', optionalText(command.seniorOwner, 'seniorOwner', LIMITS.name)),
  };
  return Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => current[key as keyof ActionDetails] !== value),
  ) as Partial<Omit<ActionDetails, 'reference'>>;
}

function requirePriority(plan: PlanState, priorityNumber: number): number {
  if (!plan.priorities[priorityNumber]) {
    const known = Object.keys(plan.priorities).join(', ') || 'none yet';
    throw new InvalidInput('priorityNumber', `plan ${plan.planId} has no priority ${priorityNumber} (it has: ${known}); add the priority first`);
  }
  return priorityNumber;
}
