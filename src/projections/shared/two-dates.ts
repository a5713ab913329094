import { PlanRatings } from '../plan-snapshot/plan-snapshot';
import { PlanSnapshots } from './plan-snapshots.service';
import { readClocks } from './report-time';

/** The heading of one of a two-date report's columns: the label the user gave ("Nov 16", "Today") and both clocks. */
export interface ColumnHeading {
  label: string;
  asOf: string;
  knownAt: string;
}

/** What a report comparing two dates asks: the plan, the two dates (labels or dates), and what was on record. */
export interface TwoDatesQuery {
  planId: string;
  from: string;
  to?: string;
  knownAt?: string;
}

/** The plan's ratings at both dates of a comparison, as known at one instant, with the columns' labels. */
export async function ratingsAtTwoDates(plans: PlanSnapshots, query: TwoDatesQuery): Promise<{ first: PlanRatings; second: PlanRatings; labels: [string, string] }> {
  const { knownAt } = readClocks(undefined, query.knownAt);
  const from = await plans.resolveDate(query.planId, query.from, 'from', knownAt);
  const to = await plans.resolveDate(query.planId, query.to, 'to', knownAt);
  const [first, second] = await Promise.all([
    plans.ratingsAt(query.planId, from.asOf, knownAt, { field: 'from', label: from.label }),
    plans.ratingsAt(query.planId, to.asOf, knownAt, { field: 'to', label: to.label }),
  ]);
  return { first, second, labels: [from.label, to.label] };
}
