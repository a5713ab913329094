import { Decision } from '../decider';
import { RuleBroken } from '../errors';
import { requireRecommendationNumber, requireRecordedRecommendation } from '../plan/plan-shape';
import { planWordsOf } from '../plan/plan-shape.state';
import { ActionRuleContext, idsOf } from './action.checks';
import { LinkActionRecommendation, UnlinkActionRecommendation } from './action.commands';
import { ActionEvent } from './action.events';
import { ActionState } from './action.state';

/*
 * An item (action, project) answers any number of the inspection's recommendations, as a
 * group does: the plan records the recommendations, the item's stream records its links.
 */

export function linkActionRecommendation(command: LinkActionRecommendation, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const recommendation = requireRecordedRecommendation(plan, command.recommendation);
  if ((state.recommendations ?? []).includes(recommendation)) {
    throw new RuleBroken('already-linked', `${planWordsOf(plan).item.singular} ${state.details.reference} already answers recommendation ${recommendation}`);
  }
  return { ...when, events: [{ type: 'ActionRecommendationLinked', data: { ...idsOf(state, plan), recommendation } }] };
}

export function unlinkActionRecommendation(command: UnlinkActionRecommendation, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const recommendation = requireRecommendationNumber(command.recommendation, 'recommendation');
  if (!(state.recommendations ?? []).includes(recommendation)) {
    throw new RuleBroken('not-linked', `${planWordsOf(plan).item.singular} ${state.details.reference} is not linked to recommendation ${recommendation}`);
  }
  return { ...when, events: [{ type: 'ActionRecommendationUnlinked', data: { ...idsOf(state, plan), recommendation } }] };
}
