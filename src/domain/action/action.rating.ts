import { deriveRatingFromCriteria } from '../criteria';
import { Decision } from '../decider';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { findCode, requireRatingCode } from '../rag-scale';
import { notesOf } from '../code-reading';
import { optionalText } from '../text';
import { ActionRuleContext, idsOf, optional, requireNotCompleted } from './action.checks';
import { AssessCriteria, ChangeRating, CorrectRating } from './action.commands';
import { ActionEvent } from './action.events';
import { ActionState, RatingEntry, ratingsOf } from './action.state';

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
  requireNotDerivedFromCriteria(corrected, reference);
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

/**
 * A rating derived from the five criteria is what its answers give, so a code set by hand would
 * leave the rating and its criteria disagreeing (issue 25). A QA officer or board member who
 * finds it wrong has found a wrong answer to a criterion: what they expect is to answer the
 * criteria again, as they stood on that date. So the correction is refused, naming the way to
 * do that: an assessment backdated to the original's date (with a reason) takes its place from
 * then on in every read known after it, the original stays in the history, and the rating and
 * its criteria agree again. A rating a plan file reported (imported, no criteria) can still be
 * corrected.
 */
function requireNotDerivedFromCriteria(corrected: RatingEntry, reference: string): void {
  if (!corrected.fromCriteria) return;
  const on = corrected.effectiveAt.slice(0, 10);
  throw new InvalidInput(
    'code',
    `rating ${corrected.eventId} of action ${reference} was derived from the five criteria on ${on}, so its code is not set by hand; ` +
      `if a criterion was answered wrongly, assess the criteria again effective ${on}, with a reason (assess-criteria in the CLI, POST …/criteria in the API): ` +
      'that assessment takes its place from that date, and the original stays in the history',
  );
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
