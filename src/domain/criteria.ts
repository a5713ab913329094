import { InvalidInput } from './errors';

/**
 * A project's RAG can follow from five yes/no criteria (DESIGN §2). Clear scope is
 * critical: without it the project is Red whatever else is in place.
 */
export const CRITERIA = [
  'clearScope',
  'clearResourceRequirements',
  'resourceAllocated',
  'projectPlanDeveloped',
  'ambitiousDeliveryTimescales',
] as const;
export type Criterion = (typeof CRITERIA)[number];
export type CriteriaAssessment = Record<Criterion, boolean>;

export const CRITERION_LABELS: Record<Criterion, string> = {
  clearScope: 'Clear scope',
  clearResourceRequirements: 'Clear resource requirements',
  resourceAllocated: 'Resource allocated',
  projectPlanDeveloped: 'Project plan developed',
  ambitiousDeliveryTimescales: 'Ambitious delivery timescales',
};

export interface DerivedRating {
  code: 'R' | 'A' | 'G';
  unmet: Criterion[];
  explanation: string;
}

export function deriveRatingFromCriteria(assessment: CriteriaAssessment): DerivedRating {
  CRITERIA.forEach((criterion) => {
    if (typeof assessment[criterion] !== 'boolean') throw new InvalidInput(`criteria.${criterion}`, 'answer yes (true) or no (false)');
  });
  const unmet = CRITERIA.filter((criterion) => !assessment[criterion]);
  const names = unmet.map((c) => CRITERION_LABELS[c].toLowerCase()).join(', ');
  if (!assessment.clearScope) return { code: 'R', unmet, explanation: `Red: no clear scope (unmet: ${names})` };
  if (unmet.length === 0) return { code: 'G', unmet, explanation: 'Green: all five criteria met' };
  if (unmet.length === 1) return { code: 'A', unmet, explanation: `Amber: one criterion unmet (${names})` };
  return { code: 'R', unmet, explanation: `Red: ${unmet.length} criteria unmet (${names})` };
}
