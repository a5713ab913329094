import { InvalidInput, NotFound, NotPermitted, RuleBroken } from '../../src/domain/errors';
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
});
