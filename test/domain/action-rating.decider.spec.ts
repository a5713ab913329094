import { ActionEvent } from '../../src/domain/action/action.events';
import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../src/domain/errors';
import { recorded } from '../support/decider-spec';
import { lead, inspector, criteriaPlan, specFor, spec, ids, added, ratedA, ratedDG, submitted, accepted, completed, withdrawn } from './action.fixtures';

describe('action decider: rating', () => {
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
      spec.given([added]).when({ type: 'ChangeRating', code: 'C' }, lead).thenRefuses(InvalidInput, /signs the action off on accepted evidence \(sign-off in the CLI/);
    });

    it('tells "Completed", the completed code\'s label, how completion is recorded rather than that it is not on the scale', () => {
      const error = spec.given([added]).when({ type: 'ChangeRating', code: 'Completed' }, lead).thenRefuses(InvalidInput);
      expect((error as InvalidInput).problems).toEqual([
        {
          field: 'code',
          message:
            '"Completed" is C (Completed), which is reached only when the plan\'s sign-off role signs the action off on accepted evidence (sign-off in the CLI, POST …/sign-off in the API, "Sign off" on the action\'s page), not by a rating; rate it with one of R, A, LG, DG',
        },
      ]);
    });

    it('reads a label in any case as its code on an unambiguous scale, and says so', () => {
      spec.given([added]).when({ type: 'ChangeRating', code: ' dark  green ' }, lead).then((decision) => {
        expect(decision.events).toEqual([{ type: 'RatingChanged', data: { ...ids, code: 'DG' } }]);
        expect(decision.notes).toEqual(['" dark  green " read as DG (Dark Green)']);
      });
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

    it('refuses to correct a derived rating by hand, naming the code and the way to fix it: assess the criteria again from its date (issue 25)', () => {
      const derived = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A', derivedFrom: 'criteria' } }, '2017-02-01', lead, 'rating-derived');
      const error = projects
        .given([added, derived])
        .when({ type: 'CorrectRating', correctsEventId: 'rating-derived', code: 'G', reason: 'keying error' }, lead)
        .thenRefuses(InvalidInput, /rating rating-derived of action 3\.2 was derived from the five criteria on 2017-02-01.*assess the criteria again effective 2017-02-01/);
      expect((error as InvalidInput).field).toBe('code');
    });

    it('still corrects a rating with no criteria behind it, such as one a plan file reported', () => {
      const reported = recorded<ActionEvent>({ type: 'RatingChanged', data: { ...ids, code: 'A' } }, '2017-02-01', lead, 'rating-reported');
      projects
        .given([added, reported])
        .when({ type: 'CorrectRating', correctsEventId: 'rating-reported', code: 'G', reason: 'keying error' }, lead)
        .then((decision) => expect(decision.events).toEqual([{ type: 'RatingCorrected', data: { ...ids, planId: 'projects', correctsEventId: 'rating-reported', code: 'G' } }]));
    });

    it('is refused on a plan rated directly', () => {
      spec
        .given([added])
        .when({ type: 'AssessCriteria', criteria: { clearScope: true, clearResourceRequirements: true, resourceAllocated: true, projectPlanDeveloped: true, ambitiousDeliveryTimescales: true } }, lead)
        .thenRefuses(RuleBroken, /rated directly/);
    });
  });
});
