import { ActionEvent } from '../../src/domain/action/action.events';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { recorded } from '../support/decider-spec';
import { board, lead, qa, spec, ids, added, submitted, accepted } from './action.fixtures';

describe('action decider: evidence and milestones', () => {
  describe('evidence', () => {
    it('is submitted by a lead and accepted or rejected only by the sign-off role', () => {
      spec.given([added]).when({ type: 'SubmitEvidence', evidenceId: 'ev-1', title: 'MASH audit', fileHash: 'a'.repeat(64) }, lead).then([
        { type: 'EvidenceSubmitted', data: { ...ids, evidenceId: 'ev-1', title: 'MASH audit', fileHash: 'a'.repeat(64) } },
      ]);
      spec.given([added, submitted]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, lead).thenRefuses(NotPermitted, /Quality Assurance/);
      spec.given([added, submitted]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1' }, qa).then([{ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }]);
    });

    it('needs a reason to reject', () => {
      spec.given([added, submitted]).when({ type: 'RejectEvidence', evidenceId: 'ev-1' }, qa).thenRefuses(InvalidInput, /why the evidence is rejected/);
      spec.given([added, submitted]).when({ type: 'RejectEvidence', evidenceId: 'ev-1', reason: 'Audit covers the wrong quarter' }, qa).then((decision) => {
        expect(decision.events).toEqual([{ type: 'EvidenceRejected', data: { ...ids, evidenceId: 'ev-1' } }]);
        expect(decision.reason).toBe('Audit covers the wrong quarter');
      });
    });

    it('cannot be reviewed twice, and the refusal names the evidence by its title, not its internal id', () => {
      spec.given([added, submitted, accepted]).when({ type: 'RejectEvidence', evidenceId: 'ev-1', reason: 'x' }, qa).thenRefuses(RuleBroken, /^The evidence “MASH audit, March 2017” was already accepted/);
    });

    it('refuses a review dated before the evidence was submitted', () => {
      spec.given([added, submitted]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1', effectiveAt: '2017-03-01', reason: 'late entry' }, qa).thenRefuses(InvalidInput, /before evidence ev-1 was submitted/);
    });

    it('refuses a file hash that is not a SHA-256', () => {
      spec.given([added]).when({ type: 'SubmitEvidence', evidenceId: 'ev-2', title: 'x', fileHash: 'abc' }, lead).thenRefuses(InvalidInput, /SHA-256/);
    });
  });

  describe('milestones', () => {
    it('are added by the board with a lead and due date, and their status changes by the lead', () => {
      spec.given([added]).when({ type: 'AddMilestone', milestoneId: 'm1', title: 'Recruit two team managers', dueDate: '2017-09-30', lead: 'HR' }, board).then([
        { type: 'MilestoneAdded', data: { ...ids, milestoneId: 'm1', title: 'Recruit two team managers', dueDate: '2017-09-30', lead: 'HR', status: 'Not started' } },
      ]);
      const milestone = recorded<ActionEvent>({ type: 'MilestoneAdded', data: { ...ids, milestoneId: 'm1', title: 'x', status: 'Not started' } }, '2017-01-01', lead);
      spec.given([added, milestone]).when({ type: 'ChangeMilestoneStatus', milestoneId: 'm1', status: 'On Track' }, lead).then([
        { type: 'MilestoneStatusChanged', data: { ...ids, milestoneId: 'm1', status: 'On Track' } },
      ]);
      spec.given([added]).when({ type: 'ChangeMilestoneStatus', milestoneId: 'm9', status: 'Achieved' }, lead).thenRefuses(NotFound);
    });

    it('are not added by a lead: milestones shape the plan, which the board does (issue 25)', () => {
      spec.given([added]).when({ type: 'AddMilestone', milestoneId: 'm1', title: 'Recruit two team managers' }, lead).thenRefuses(NotPermitted, /lead\.jo \(lead\) may not add a milestone .*this needs the role board/);
    });
  });
});
