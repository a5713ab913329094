import { ActionCommand } from '../../src/domain/action/action.commands';
import { actionDecider, ActionDecisionContext } from '../../src/domain/action/action.decider';
import { ActionEvent } from '../../src/domain/action/action.events';
import { ActionState } from '../../src/domain/action/action.state';
import { PlanState } from '../../src/domain/plan/plan.decider';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../support/decider-spec';

/** The past facts and the plans the action decider's specs are given: the Sunderland plan's action 3.2 on its way to completion. */

export const now = new Date('2017-06-30T12:00:00Z');
export const board = { id: 'board.chair', role: 'board' };
export const lead = { id: 'lead.jo', role: 'lead' };
export const qa = { id: 'qa.sam', role: 'qa' };
export const inspector = { id: 'ofsted.hmi', role: 'inspector' };

export const sunderland: PlanState = {
  exists: true,
  createdAt: '2015-09-01T00:00:00.000Z',
  planId: 'sunderland-2017',
  title: 'Learning and Improvement Plan',
  council: 'Sunderland',
  signOffRole: 'qa',
  ratingMethod: 'direct',
  minimumHold: { code: 'DG', months: 3 },
  separationOfDuties: true,
  settingsChanges: [],
  scale: RAG_SCALE_PRESETS['sunderland-5'],
  priorities: { 1: { number: 1, title: 'Workforce' }, 3: { number: 3, title: 'Assessment and care planning' } },
  reportingPoints: {},
  importedFiles: {},
};
export const criteriaPlan: PlanState = { ...sunderland, planId: 'projects', ratingMethod: 'criteria', minimumHold: undefined, scale: RAG_SCALE_PRESETS['rag-completed'] };

export function specFor(plan: PlanState) {
  return deciderSpec<ActionState, ActionCommand, ActionEvent, Pick<ActionDecisionContext, 'plan'>>({
    ...actionDecider,
    context: () => ({ plan }),
    now,
  });
}
export const spec = specFor(sunderland);
export const ids = { planId: 'sunderland-2017', reference: '3.2' };

export const added = recorded<ActionEvent>(
  { type: 'ActionAdded', data: { ...ids, priorityNumber: 3, ofstedReference: 'Ofsted 3', title: 'Refocus the work of the MASH', lead: 'Head of Safeguarding', dueDate: '2017-03-31' } },
  '2016-06-01',
);
export const ratedA = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A' } }, '2016-06-01', lead, 'rating-a');
export const ratedDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-02-01', lead, 'rating-dg');
export const submitted = recorded<ActionEvent>({ type: 'EvidenceSubmitted', data: { ...ids, evidenceId: 'ev-1', title: 'MASH audit, March 2017' } }, '2017-03-15', lead);
export const accepted = recorded<ActionEvent>({ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }, '2017-03-20', qa);
export const completed = recorded<ActionEvent>({ type: 'ActionCompleted', data: { ...ids, code: 'C', evidenceIds: ['ev-1'] } }, '2017-05-10', qa);
export const withdrawn = recorded<ActionEvent>({ type: 'ActionWithdrawn', data: ids }, '2017-04-01', board);
