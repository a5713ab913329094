import { ActionCommand } from '../../../src/domain/action/action.commands';
import { actionDecider, ActionDecisionContext } from '../../../src/domain/action/action.decider';
import { ActionEvent } from '../../../src/domain/action/action.events';
import { ActionState } from '../../../src/domain/action/action.state';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../../src/domain/errors';
import { PlanState } from '../../../src/domain/plan/plan.decider';
import { RAG_SCALE_PRESETS } from '../../../src/domain/rag-scale';
import { deciderSpec, recorded } from '../../support/decider-spec';

const now = new Date('2017-06-30T12:00:00Z');
const board = { id: 'board.chair', role: 'board' };
const lead = { id: 'lead.jo', role: 'lead' };
const qa = { id: 'qa.sam', role: 'qa' };
const inspector = { id: 'ofsted.hmi', role: 'inspector' };

const sunderland: PlanState = {
  exists: true,
  createdAt: '2015-09-01T00:00:00.000Z',
  planId: 'sunderland-2017',
  title: 'Learning and Improvement Plan',
  council: 'Sunderland',
  signOffRole: 'qa',
  ratingMethod: 'direct',
  minimumHold: { code: 'DG', months: 3 },
  scale: RAG_SCALE_PRESETS['sunderland-5'],
  priorities: { 1: { number: 1, title: 'Workforce' }, 3: { number: 3, title: 'Assessment and care planning' } },
  reportingPoints: {},
};
const criteriaPlan: PlanState = { ...sunderland, planId: 'projects', ratingMethod: 'criteria', minimumHold: undefined, scale: RAG_SCALE_PRESETS['rag-completed'] };

function specFor(plan: PlanState) {
  return deciderSpec<ActionState, ActionCommand, ActionEvent, Pick<ActionDecisionContext, 'plan'>>({
    ...actionDecider,
    context: () => ({ plan }),
    now,
  });
}
const spec = specFor(sunderland);
const ids = { planId: 'sunderland-2017', reference: '3.2' };

const added = recorded<ActionEvent>(
  { type: 'ActionAdded', data: { ...ids, priorityNumber: 3, ofstedReference: 'Ofsted 3', title: 'Refocus the work of the MASH', lead: 'Head of Safeguarding', dueDate: '2017-03-31' } },
  '2016-06-01',
);
const ratedA = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A' } }, '2016-06-01', lead, 'rating-a');
const ratedDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-02-01', lead, 'rating-dg');
const submitted = recorded<ActionEvent>({ type: 'EvidenceSubmitted', data: { ...ids, evidenceId: 'ev-1', title: 'MASH audit, March 2017' } }, '2017-03-15', lead);
const accepted = recorded<ActionEvent>({ type: 'EvidenceAccepted', data: { ...ids, evidenceId: 'ev-1' } }, '2017-03-20', qa);
const completed = recorded<ActionEvent>({ type: 'ActionCompleted', data: { ...ids, code: 'C', evidenceIds: ['ev-1'] } }, '2017-05-10', qa);
const withdrawn = recorded<ActionEvent>({ type: 'ActionWithdrawn', data: ids }, '2017-04-01', board);

describe('action decider', () => {
  describe('adding an action', () => {
    it('adds it unrated (TBC) when no initial rating is given, as the NEW 1..8 rows are', () => {
      spec.given([]).when({ type: 'AddAction', reference: 'NEW 1', priorityNumber: 1, title: 'Recruit a permanent workforce' }, board).then([
        { type: 'ActionAdded', data: { planId: 'sunderland-2017', reference: 'NEW 1', priorityNumber: 1, title: 'Recruit a permanent workforce' } },
      ]);
    });

    it('adds it with an initial rating as a separate RatingChanged, so a correction can name it', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'Refocus the MASH', initialRating: 'a' }, board).then((decision) => {
        expect(decision.events.map((e) => e.type)).toEqual(['ActionAdded', 'RatingChanged']);
        expect(decision.events[1].data).toEqual({ ...ids, code: 'A', derivedFrom: 'initial' });
      });
    });

    it('refuses a priority the plan does not have, naming the field', () => {
      const error = spec.given([]).when({ type: 'AddAction', reference: '9.1', priorityNumber: 9, title: 'x' }, board).thenRefuses(InvalidInput, /no priority 9/);
      expect((error as InvalidInput).field).toBe('priorityNumber');
    });

    it('refuses a reference that is already used', () => {
      spec.given([added]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'x' }, board).thenRefuses(RuleBroken, /already exists/);
    });

    it('refuses an action dated before its plan took effect', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.9', priorityNumber: 3, title: 'x', effectiveAt: '2015-01-01', reason: 'x' }, board).thenRefuses(InvalidInput, /before plan sunderland-2017 took effect/);
    });

    it('is for the board only', () => {
      spec.given([]).when({ type: 'AddAction', reference: '3.2', priorityNumber: 3, title: 'x' }, lead).thenRefuses(NotPermitted, /board/);
    });
  });

  describe('rating', () => {
    it('records the change with its commentary and effective date', () => {
      spec
        .given([added, ratedA])
        .when({ type: 'ChangeRating', code: 'LG', commentary: 'Decision-making has improved', effectiveAt: '2016-11-30', reason: 'Nov 16 board' }, lead)
        .then((decision) => {
          expect(decision.events).toEqual([{ type: 'RatingChanged', data: { ...ids, code: 'LG', commentary: 'Decision-making has improved' } }]);
          expect(decision.effectiveAt).toBe('2016-11-30T00:00:00.000Z');
        });
    });

    it('refuses an unknown RAG code and lists the ones the plan uses', () => {
      const error = spec.given([added]).when({ type: 'ChangeRating', code: 'G' }, lead).thenRefuses(InvalidInput, /R, A, LG, DG/);
      expect((error as InvalidInput).field).toBe('code');
    });

    it('refuses the completed code: completion is by sign-off only', () => {
      spec.given([added]).when({ type: 'ChangeRating', code: 'C' }, lead).thenRefuses(InvalidInput, /signing the action off/);
    });

    it('refuses a future effective date', () => {
      spec.given([added]).when({ type: 'ChangeRating', code: 'LG', effectiveAt: '2017-07-01' }, lead).thenRefuses(InvalidInput, /in the future/);
    });

    it('refuses a backdated change without a reason', () => {
      const error = spec.given([added]).when({ type: 'ChangeRating', code: 'LG', effectiveAt: '2017-01-31' }, lead).thenRefuses(InvalidInput, /backdated/);
      expect((error as InvalidInput).field).toBe('reason');
    });

    it('refuses a date before the action existed', () => {
      spec.given([added]).when({ type: 'ChangeRating', code: 'LG', effectiveAt: '2016-01-01', reason: 'x' }, lead).thenRefuses(InvalidInput, /before action 3.2 was added/);
    });

    it('refuses rating a withdrawn action', () => {
      spec.given([added, ratedA, withdrawn]).when({ type: 'ChangeRating', code: 'LG' }, lead).thenRefuses(RuleBroken, /withdrawn/);
    });

    it('refuses rating a completed action until it is reopened', () => {
      spec.given([added, ratedDG, submitted, accepted, completed]).when({ type: 'ChangeRating', code: 'A' }, lead).thenRefuses(RuleBroken, /reopen it/);
    });

    it('refuses an inspector, who reads only', () => {
      spec.given([added]).when({ type: 'ChangeRating', code: 'LG' }, inspector).thenRefuses(NotPermitted);
    });

    it('refuses a direct rating on a plan that derives ratings from criteria', () => {
      specFor(criteriaPlan).given([added]).when({ type: 'ChangeRating', code: 'G' }, lead).thenRefuses(RuleBroken, /assess the criteria/);
    });
  });

  describe('correcting a rating', () => {
    it('names the event it corrects, keeps its effective date, and needs a reason', () => {
      spec
        .given([added, ratedA, ratedDG])
        .when({ type: 'CorrectRating', correctsEventId: 'rating-dg', code: 'LG', reason: 'DG was typed in error; the board agreed LG' }, lead)
        .then((decision) => {
          expect(decision.events).toEqual([{ type: 'RatingCorrected', data: { ...ids, correctsEventId: 'rating-dg', code: 'LG' } }]);
          expect(decision.effectiveAt).toBe('2017-02-01T00:00:00.000Z');
          expect(decision.reason).toMatch(/typed in error/);
        });
      spec.given([added, ratedA, ratedDG]).when({ type: 'CorrectRating', correctsEventId: 'rating-dg', code: 'LG' }, lead).thenRefuses(InvalidInput, /why the rating is being corrected/);
    });

    it('refuses to correct an event that is not a rating of this action', () => {
      spec.given([added, ratedA]).when({ type: 'CorrectRating', correctsEventId: 'nope', code: 'LG', reason: 'x' }, lead).thenRefuses(NotFound);
    });
  });

  describe('criteria-derived ratings', () => {
    const projects = specFor(criteriaPlan);
    it('records the assessment and the derived rating, both as events', () => {
      projects
        .given([added])
        .when(
          {
            type: 'AssessCriteria',
            criteria: { clearScope: true, clearResourceRequirements: true, resourceAllocated: false, projectPlanDeveloped: true, ambitiousDeliveryTimescales: true },
          },
          lead,
        )
        .then((decision) => {
          expect(decision.events.map((e) => e.type)).toEqual(['CriteriaAssessed', 'RatingChanged']);
          expect(decision.events[0].data).toMatchObject({ unmet: ['resourceAllocated'], derivedCode: 'A' });
          expect(decision.events[1].data).toMatchObject({ code: 'A', derivedFrom: 'criteria' });
        });
    });

    it('is refused on a plan rated directly', () => {
      spec
        .given([added])
        .when({ type: 'AssessCriteria', criteria: { clearScope: true, clearResourceRequirements: true, resourceAllocated: true, projectPlanDeveloped: true, ambitiousDeliveryTimescales: true } }, lead)
        .thenRefuses(RuleBroken, /rated directly/);
    });
  });

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

    it('cannot be reviewed twice', () => {
      spec.given([added, submitted, accepted]).when({ type: 'RejectEvidence', evidenceId: 'ev-1', reason: 'x' }, qa).thenRefuses(RuleBroken, /already accepted/);
    });

    it('refuses a review dated before the evidence was submitted', () => {
      spec.given([added, submitted]).when({ type: 'AcceptEvidence', evidenceId: 'ev-1', effectiveAt: '2017-03-01', reason: 'late entry' }, qa).thenRefuses(InvalidInput, /before evidence ev-1 was submitted/);
    });

    it('refuses a file hash that is not a SHA-256', () => {
      spec.given([added]).when({ type: 'SubmitEvidence', evidenceId: 'ev-2', title: 'x', fileHash: 'abc' }, lead).thenRefuses(InvalidInput, /SHA-256/);
    });
  });

  describe('signing off completion', () => {
    it('completes an action held at DG for the minimum period with accepted evidence', () => {
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion', commentary: 'Completed and evidenced' }, qa).then([
        { type: 'ActionCompleted', data: { ...ids, code: 'C', evidenceIds: ['ev-1'], commentary: 'Completed and evidenced' } },
      ]);
    });

    it('refuses without accepted evidence', () => {
      spec.given([added, ratedDG, submitted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /accept at least one evidence item/);
    });

    it('refuses on evidence accepted only after the sign-off date', () => {
      spec
        .given([added, ratedDG, submitted, accepted])
        .when({ type: 'SignOffCompletion', effectiveAt: '2017-03-18', reason: 'entered late' }, qa)
        .thenRefuses(RuleBroken, /No evidence had been accepted for action 3.2 by 2017-03-18/);
    });

    it('refuses a rejected item as the only evidence', () => {
      const rejected = recorded<ActionEvent>({ type: 'EvidenceRejected', data: { ...ids, evidenceId: 'ev-1' } }, '2017-03-20', qa);
      spec.given([added, ratedDG, submitted, rejected]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /No evidence had been accepted/);
    });

    it('refuses the wrong role: the lead, and the board where QA signs off', () => {
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, lead).thenRefuses(NotPermitted, /only the Quality Assurance service/);
      spec.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, board).thenRefuses(NotPermitted);
    });

    it('lets the board sign off where the plan names the board', () => {
      const boardSigns = specFor({ ...sunderland, signOffRole: 'board' });
      boardSigns.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, board).then((d) => expect(d.events[0].type).toBe('ActionCompleted'));
      boardSigns.given([added, ratedDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(NotPermitted, /Improvement Board/);
    });

    it('refuses before the hold at DG has run its three months, and says from when it can be signed off', () => {
      const lateDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-05-01', lead, 'rating-late-dg');
      spec.given([added, lateDG, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /since 2017-05-01.*from 2017-08-01/);
    });

    it('refuses when the action is not at the held rating at all', () => {
      spec.given([added, ratedA, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).thenRefuses(RuleBroken, /rated A/);
    });

    it('counts a backdated DG from the date it took effect, not the date it was entered', () => {
      const backdatedDG = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'DG' } }, '2017-01-15', lead, 'rating-backdated');
      const laterA = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A' } }, '2016-12-01', lead, 'rating-earlier-a');
      spec.given([added, backdatedDG, laterA, submitted, accepted]).when({ type: 'SignOffCompletion' }, qa).then((d) => expect(d.events[0].type).toBe('ActionCompleted'));
    });

    it('can be reopened with a reason, after which it can be rated again', () => {
      spec.given([added, ratedDG, submitted, accepted, completed]).when({ type: 'ReopenAction' }, qa).thenRefuses(InvalidInput, /why action 3.2 is being reopened/);
      const reopened = recorded<ActionEvent>({ type: 'ActionReopened', data: ids }, '2017-06-01', qa);
      spec.given([added, ratedDG, submitted, accepted, completed, reopened]).when({ type: 'ChangeRating', code: 'A' }, lead).then([{ type: 'RatingChanged', data: { ...ids, code: 'A' } }]);
    });
  });

  it('keeps status changes in date order: no withdrawal dated before the sign-off already recorded', () => {
    spec
      .given([added, ratedDG, submitted, accepted, completed])
      .when({ type: 'WithdrawAction', effectiveAt: '2017-04-01', reason: 'Superseded' }, board)
      .thenRefuses(InvalidInput, /before action 3.2's last change of status \(2017-05-10\)/);
  });

  describe('amending and withdrawing', () => {
    it('records only what changed in the wording', () => {
      spec.given([added]).when({ type: 'AmendAction', title: 'Refocus the work of the MASH front door', lead: 'Head of Safeguarding' }, board).then([
        { type: 'ActionAmended', data: { ...ids, changes: { title: 'Refocus the work of the MASH front door' } } },
      ]);
    });

    it('needs a reason to withdraw', () => {
      spec.given([added]).when({ type: 'WithdrawAction' }, board).thenRefuses(InvalidInput, /withdrawn from the plan/);
      spec.given([added]).when({ type: 'WithdrawAction', reason: 'Superseded by NEW 3' }, board).then([{ type: 'ActionWithdrawn', data: ids }]);
    });
  });

  describe('milestones', () => {
    it('are added with a lead and due date, and their status changes', () => {
      spec.given([added]).when({ type: 'AddMilestone', milestoneId: 'm1', title: 'Recruit two team managers', dueDate: '2017-09-30', lead: 'HR' }, lead).then([
        { type: 'MilestoneAdded', data: { ...ids, milestoneId: 'm1', title: 'Recruit two team managers', dueDate: '2017-09-30', lead: 'HR', status: 'Not started' } },
      ]);
      const milestone = recorded<ActionEvent>({ type: 'MilestoneAdded', data: { ...ids, milestoneId: 'm1', title: 'x', status: 'Not started' } }, '2017-01-01', lead);
      spec.given([added, milestone]).when({ type: 'ChangeMilestoneStatus', milestoneId: 'm1', status: 'On Track' }, lead).then([
        { type: 'MilestoneStatusChanged', data: { ...ids, milestoneId: 'm1', status: 'On Track' } },
      ]);
      spec.given([added]).when({ type: 'ChangeMilestoneStatus', milestoneId: 'm9', status: 'Achieved' }, lead).thenRefuses(NotFound);
    });
  });

  it('refuses a command type it does not know, rather than deciding nothing', () => {
    const error = spec.given([added]).when({ type: 'RenameAction' } as unknown as ActionCommand, board).thenRefuses(InvalidInput, /"RenameAction" is not an action command/);
    expect((error as InvalidInput).field).toBe('type');
  });

  it('refuses anything on an action that does not exist', () => {
    spec.given([]).when({ type: 'ChangeRating', code: 'A' }, lead).thenRefuses(NotFound, /No such action/);
  });
});
