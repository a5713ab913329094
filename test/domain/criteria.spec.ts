import { CriteriaAssessment, deriveRatingFromCriteria } from '../../src/domain/criteria';

const allMet: CriteriaAssessment = {
  clearScope: true,
  clearResourceRequirements: true,
  resourceAllocated: true,
  projectPlanDeveloped: true,
  ambitiousDeliveryTimescales: true,
};

describe('rating derived from the five project criteria', () => {
  it('is Green when all five are met', () => {
    expect(deriveRatingFromCriteria(allMet)).toMatchObject({ code: 'G', unmet: [] });
  });

  it('is Amber when exactly one (other than scope) is unmet', () => {
    for (const criterion of ['clearResourceRequirements', 'resourceAllocated', 'projectPlanDeveloped', 'ambitiousDeliveryTimescales'] as const) {
      expect(deriveRatingFromCriteria({ ...allMet, [criterion]: false })).toMatchObject({ code: 'A', unmet: [criterion] });
    }
  });

  it('is Red when two or more are unmet', () => {
    expect(deriveRatingFromCriteria({ ...allMet, resourceAllocated: false, projectPlanDeveloped: false }).code).toBe('R');
  });

  it('is Red without a clear scope, whatever else is in place', () => {
    const derived = deriveRatingFromCriteria({ ...allMet, clearScope: false });
    expect(derived.code).toBe('R');
    expect(derived.explanation).toMatch(/no clear scope/);
  });
});
