import { FieldProblem, InvalidInput, NotFound } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { clockView } from './clock-form';
import { planHref } from './plan-reads';

/** Which date box a "no plan on record then" points at: "as recorded at" when that is the only date given. */
export const blamed = (clocks: { asOf?: string; knownAt?: string }) => (clocks.knownAt && !clocks.asOf ? 'knownAt' : 'asOf');

/** A problem with the dates asked for is shown on the page, by the date boxes; any other error is the error page's. */
export function clockProblems(error: unknown, field = 'asOf'): FieldProblem[] {
  // The summary's two dates have boxes of their own: a problem with the later one is shown by it.
  if (error instanceof InvalidInput) return error.problems.map((p) => ({ field: p.field === 'knownAt' || (p.field === 'to' && field === 'from') ? p.field : field, message: p.message }));
  if (error instanceof NotFound) return [{ field, message: error.message }];
  throw error;
}

export function planClock(now: PlanSnapshot, clocks: { asOf?: string; knownAt?: string }, caller: ActorRef, action: string) {
  return { clock: clockView(now.reportingPoints, clocks, caller.role, action) };
}

/** The pages of one plan, each keeping the dates being looked at. */
export function planLinks(planId: string, q: string) {
  return {
    plan: planHref(planId, '', q),
    summary: planHref(planId, 'summary', q),
    completed: planHref(planId, 'completed', q),
    due: planHref(planId, 'due', q),
    downloads: planHref(planId, 'downloads'),
    kpis: planHref(planId, 'kpis'),
    setup: planHref(planId, 'setup'),
    review: '/review',
  };
}
