import { ActionEvent } from '../../src/domain/action/action.events';
import { RuleBroken } from '../../src/domain/errors';
import { evolvePlan, initialPlanState, PlanState } from '../../src/domain/plan/plan.decider';
import { PlanEvent } from '../../src/domain/plan/plan.events';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { recorded } from '../support/decider-spec';
import { added, ids, qa, ratedDG, specFor } from './action.fixtures';

/** Separation of duties (four eyes) on a plan where the board reviews evidence and signs off, so one board member could do it all. */
const chair = { id: 'board.chair', role: 'board' };
const member = { id: 'board.member', role: 'board' };
const boardPlanCreated = recorded<PlanEvent>(
  { type: 'PlanCreated', data: { planId: 'sunderland-2017', title: 'Learning and Improvement Plan', council: 'Sunderland', signOffRole: 'board', ratingMethod: 'direct' } },
  '2015-09-01',
  chair,
);
const scaled = recorded<PlanEvent>({ type: 'RagScaleDefined', data: { planId: 'sunderland-2017', scale: RAG_SCALE_PRESETS['sunderland-5'] } }, '2015-09-01', chair);
const priorities = recorded<PlanEvent>({ type: 'PriorityAdded', data: { planId: 'sunderland-2017', number: 3, title: 'Assessment and care planning' } }, '2015-09-01', chair);
const turnedOff = recorded<PlanEvent>({ type: 'PlanSettingsChanged', data: { planId: 'sunderland-2017', separationOfDuties: false } }, '2017-04-01', chair);

function planOf(events: PlanEvent[]): PlanState {
  return [boardPlanCreated, scaled, priorities, ...events].reduce((state, event) => evolvePlan(state, event as never), initialPlanState());
}

const spec = specFor(planOf([]));
const submittedByChair = recorded<ActionEvent>({ type: 'EvidenceSubmitted', data: { ...ids, evidenceId: 'ev-1', title: 'MASH audit, March 2017' } }, '2017-03-15', chair);
const acceptedByMember = recorded<ActionEvent>({ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }, '2017-03-20', member);
const ledByMember = recorded<ActionEvent>({ type: 'ActionAmended', data: { ...ids, changes: { leadUser: 'board.member' } } }, '2016-07-01', chair);

describe('action decider: separation of duties', () => {
  it('a plan created before the setting existed has it on', () => {
    expect(planOf([]).separationOfDuties).toBe(true);
  });

  it('refuses the submitter accepting or rejecting their own evidence, naming the rule', () => {
    const error = spec.given([added, submittedByChair]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, chair).thenRefuses(RuleBroken, /board.chair submitted evidence ev-1, so cannot accept it/);
    expect((error as RuleBroken).rule).toBe('reviewer-not-submitter');
    spec.given([added, submittedByChair]).when({ type: 'RejectEvidence', evidenceId: 'ev-1', reason: 'wrong quarter' }, chair).thenRefuses(RuleBroken, /cannot reject it/);
    spec.given([added, submittedByChair]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, member).then([{ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }]);
  });

  it("refuses the action's lead user signing off their own action", () => {
    const error = spec.given([added, ledByMember, ratedDG, submittedByChair, acceptedByMember]).when({ type: 'SignOffCompletion' }, member).thenRefuses(RuleBroken, /board.member leads action 3.2/);
    expect((error as RuleBroken).rule).toBe('signer-not-lead');
  });

  it('refuses a sign-off by whoever submitted the accepted evidence it rests on', () => {
    const error = spec.given([added, ratedDG, submittedByChair, acceptedByMember]).when({ type: 'SignOffCompletion' }, chair).thenRefuses(RuleBroken, /board.chair submitted evidence ev-1 that the sign-off of action 3.2 rests on/);
    expect((error as RuleBroken).rule).toBe('signer-not-submitter');
    spec.given([added, ratedDG, submittedByChair, acceptedByMember]).when({ type: 'SignOffCompletion' }, member).then((d) => expect(d.events[0].type).toBe('ActionCompleted'));
  });

  it('stops refusing from the date the plan turned it off, and not before', () => {
    const off = specFor(planOf([turnedOff]));
    off.given([added, ratedDG, submittedByChair]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, chair).then([{ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }]);
    // A review dated before the change is judged by the rules of its day.
    off.given([added, ratedDG, submittedByChair]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1', effectiveAt: '2017-03-20', reason: 'entered late' }, chair).thenRefuses(RuleBroken, /cannot accept it/);
  });

  it('tells people apart by user id, not by role', () => {
    const qaPlan = specFor({ ...planOf([]), signOffRole: 'qa' });
    const submittedByLead = recorded<ActionEvent>({ type: 'EvidenceSubmitted', data: { ...ids, evidenceId: 'ev-1', title: 'x' } }, '2017-03-15', { id: 'qa.sam', role: 'lead' });
    qaPlan.given([added, submittedByLead]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, qa).thenRefuses(RuleBroken, /qa.sam submitted evidence ev-1/);
  });
});
