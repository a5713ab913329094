import { Injectable } from '@nestjs/common';
import { NotFound } from '../../domain/errors';
import { readClocks, reportInstant } from './report-time';
import { PlanFactsReader } from '../plan-facts/plan-facts.reader';
import { PlanRatings, PlanSnapshot } from '../plan-snapshot/plan-snapshot';

const noPlan = (planId: string, asOf: string, knownAt: string) =>
  new NotFound(`No plan ${planId} was on record at ${knownAt.slice(0, 10)} effective ${asOf.slice(0, 10)}; check the plan id and the dates`);

/** The plan as at a date, for query handlers: dates may be given as reporting-point labels ("Nov 16"). */
@Injectable()
export class PlanSnapshots {
  constructor(private readonly reader: PlanFactsReader) {}

  async at(planId: string, asOf: string, knownAt: string): Promise<PlanSnapshot> {
    const plan = await this.reader.planAsAt(planId, asOf, knownAt);
    if (!plan) throw noPlan(planId, asOf, knownAt);
    return plan;
  }

  /** The plan's ratings as at a date (no evidence or milestones): for the reports that compare two dates. */
  async ratingsAt(planId: string, asOf: string, knownAt: string): Promise<PlanRatings> {
    const plan = await this.reader.ratingsAsAt(planId, asOf, knownAt);
    if (!plan) throw noPlan(planId, asOf, knownAt);
    return plan;
  }

  /** Both clocks of a single-date read; asOf may be a reporting point's label. */
  async clocks(planId: string, asOf: string | undefined, knownAt: string | undefined): Promise<{ asOf: string; knownAt: string }> {
    const known = readClocks(undefined, knownAt).knownAt;
    return { asOf: (await this.resolveDate(planId, asOf, 'asOf', known)).asOf, knownAt: known };
  }

  /** A report date: a reporting point's label, a date (end of that day) or an instant. */
  async resolveDate(planId: string, value: string | undefined, field: string, knownAt: string): Promise<{ label: string; asOf: string }> {
    if (value !== undefined && value !== '' && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
      const plan = await this.at(planId, new Date().toISOString(), knownAt);
      const point = plan.reportingPoints.find((p) => p.label.toLowerCase() === value.toLowerCase());
      if (point) return { label: point.label, asOf: reportInstant(point.date, field) };
    }
    const asOf = reportInstant(value, field);
    // Without a date the column is the plan as it stands now; "Today", so it is not mistaken for a board date called "Current".
    return { label: value || 'Today', asOf };
  }
}
