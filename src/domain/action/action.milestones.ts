import { Decision } from '../decider';
import { InvalidInput, NotFound, RuleBroken } from '../errors';
import { readMilestoneDue } from '../milestone-date';
import { LIMITS } from '../limits';
import { optionalText, requireText } from '../text';
import { ActionRuleContext, idsOf, optional } from './action.checks';
import { AddMilestone, ChangeMilestoneStatus } from './action.commands';
import { ActionEvent } from './action.events';
import { ActionState } from './action.state';

/** Dated milestones with a lead and a free-text status each, as Devon's plan keeps them. */

export function addMilestone(command: AddMilestone, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const milestoneId = requireText(command.milestoneId, 'milestoneId', LIMITS.id);
  if (state.milestones[milestoneId]) throw new RuleBroken('milestone-exists', `Milestone ${milestoneId} already exists on action ${state.details.reference}; change its status instead`);
  return {
    ...when,
    events: [
      {
        type: 'MilestoneAdded',
        data: {
          ...idsOf(state, plan),
          milestoneId,
          title: requireText(command.title, 'title'),
          ...dueAsPlansWriteIt(command.dueDate),
          ...optional('lead', optionalText(command.lead, 'lead', LIMITS.name)),
          status: optionalText(command.status, 'status', LIMITS.milestoneStatus) ?? 'Not started',
        },
      },
    ],
  };
}

export function changeMilestoneStatus(command: ChangeMilestoneStatus, state: ActionState, { plan, when }: ActionRuleContext): Decision<ActionEvent> {
  const milestone = state.milestones[command.milestoneId];
  if (!milestone) throw new NotFound(`Action ${state.details.reference} has no milestone ${command.milestoneId}`);
  if (when.effectiveAt < milestone.addedAt) throw new InvalidInput('effectiveAt', `is before milestone ${milestone.milestoneId} was added (${milestone.addedAt.slice(0, 10)})`);
  const status = requireText(command.status, 'status', LIMITS.milestoneStatus);
  if (status === milestone.status) throw new InvalidInput('status', `the milestone is already "${status}"`);
  return {
    ...when,
    events: [
      {
        type: 'MilestoneStatusChanged',
        data: { ...idsOf(state, plan), milestoneId: milestone.milestoneId, status, ...optional('commentary', optionalText(command.commentary, 'commentary')) },
      },
    ],
  };
}

/**
 * The due date as the plan writes it ("Sept 17", "TBC") and the date it counts as due
 * (milestone-date.ts); `dueAsWritten` only when the two differ, so a milestone given as
 * YYYY-MM-DD is recorded as it always was.
 */
function dueAsPlansWriteIt(text: string | undefined): { dueDate?: string; dueAsWritten?: string } {
  if (text === undefined || text.trim() === '') return {};
  const due = readMilestoneDue(text, 'dueDate');
  return { ...optional('dueDate', due.date), ...(due.asWritten !== due.date ? { dueAsWritten: due.asWritten } : {}) };
}
