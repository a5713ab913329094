import { deriveRatingFromCriteria } from '../criteria';
import { Decision } from '../decider';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { findCode, requireRatingCode } from '../rag-scale';
import { notesOf } from '../code-reading';
import { optionalText } from '../text';
import { ActionRuleContext, idsOf, optional, requireNotCompleted } from './action.checks';
import { AssessCriteria, ChangeRating, CorrectRating } from './action.commands';
import { ActionEvent } from './action.events';
import { ActionState, ratingsOf } from './action.state';

/** Rating an action: set directly, or derived from the five criteria, as the plan says; a mistake is corrected, never rewritten. */

export function changeRating(command: ChangeRating, state: ActionState, { plan, when, lookAlikes }: ActionRuleContext): Decision<ActionEvent> {
  if (plan.ratingMethod === 'criteria') {
    throw new RuleBroken('rating-derived-from-criteria', `Plan ${plan.planId} derives ratings from the five criteria; assess the criteria for action ${state.details.reference} instead of setting a rating`);
  }
  requireNotCompleted(state, 'rate it again');
  const read = requireRatingCode(plan.scale, command.code, 'code', lookAlikes);
  const data = { ...idsOf(state, plan), code: read.code.code, ...optional('codeAsTyped', read.asTyped), ...optional('commentary', optionalText(command.commentary, 'commentary')) };
  return { ...when, events: [{ type: 'RatingChanged', data }], ...notesOf(read) };
}

export function correctRating(command: CorrectRating, state: ActionState, { plan, lookAlikes }: ActionRuleContext): Decision<ActionEvent> {
  const reference = state.details.reference;
  const corrected = ratingsOf(state).find((rating) => rating.eventId === command.correctsEventId);
  if (!corrected) throw new NotFound(`Event ${command.correctsEventId} is not a rating of action ${reference}; give the id of the rating change you are correcting`);
  const read = requireRatingCode(plan.scale, command.code, 'code', lookAlikes);
  const code = read.code.code;
  if (code === corrected.code) throw new InvalidInput('code', `that rating is already ${code}; nothing to correct`);
  const reason = command.reason?.trim();
  if (!reason) throw new InvalidInput('reason', 'say why the rating is being corrected (it stays in the history next to the original)');
  // A correction changes what was true when the original took effect, so it carries that valid time.
  return {
    effectiveAt: corrected.effectiveAt,
    reason,
    events: [
      {
        type: 'RatingCorrected',
        data: {
          ...idsOf(state, plan),
          correctsEventId: corrected.eventId,
          code,
          ...optional('codeAsTyped', read.asTyped),
          ...optional('commentary', optionalText(command.commentary, 'commentary')),
        },
      },
    ],
    ...notesOf(read),
  };
}

/** The assessment and the rating it implies are both recorded, so the history shows why the rating moved. */
export function assessCriteria(command: AssessCriteria, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  if (plan.ratingMethod !== 'criteria') {
    throw new RuleBroken('criteria-not-used', `Plan ${plan.planId} is rated directly, not from criteria; change the rating instead`);
  }
  requireNotCompleted(state, 'assess it again');
  const derived = deriveRatingFromCriteria(command.criteria ?? ({} as never));
  const code = findCode(plan.scale, derived.code)!.code;
  const ids = idsOf(state, plan);
  return {
    ...when,
    events: [
      { type: 'CriteriaAssessed', data: { ...ids, criteria: pickCriteria(command.criteria), unmet: derived.unmet, derivedCode: code } },
      { type: 'RatingChanged', data: { ...ids, code, commentary: derived.explanation, derivedFrom: 'criteria' } },
    ],
  };
}

function pickCriteria(criteria: Record<string, boolean>) {
  const { clearScope, clearResourceRequirements, resourceAllocated, projectPlanDeveloped, ambitiousDeliveryTimescales } = criteria;
  return { clearScope, clearResourceRequirements, resourceAllocated, projectPlanDeveloped, ambitiousDeliveryTimescales };
}
