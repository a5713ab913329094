import { Injectable } from '@nestjs/common';
import { InvalidInput, NotFound } from '../../domain/errors';
import { readClocks, reportInstant } from './report-time';
import { PlanFactsReader } from '../plan-facts/plan-facts.reader';
import { PlanRatings, PlanSnapshot } from '../plan-snapshot/plan-snapshot';

const noPlan = (planId: string, asOf: string, knownAt: string) =>
  new NotFound(`No plan ${planId} was on record at ${knownAt.slice(0, 10)} effective ${asOf.slice(0, 10)}; check the plan id and the dates`);

/** Which of a report's dates a snapshot is read at, and the label it was given by: named when the plan had not begun by then. */
export interface AskedDate {
  field: string;
  label?: string;
}

/** The plan as at a date, for query handlers: dates may be given as reporting-point labels ("Nov 16"). */
@Injectable()
export class PlanSnapshots {
  constructor(private readonly reader: PlanFactsReader) {}

  async at(planId: string, asOf: string, knownAt: string, asked?: AskedDate): Promise<PlanSnapshot> {
    const plan = await this.reader.planAsAt(planId, asOf, knownAt);
    if (!plan) throw await this.missing(planId, asOf, knownAt, asked);
    return plan;
  }

  /** The plan's ratings as at a date (no evidence or milestones): for the reports that compare two dates. */
  async ratingsAt(planId: string, asOf: string, knownAt: string, asked?: AskedDate): Promise<PlanRatings> {
    const plan = await this.reader.ratingsAsAt(planId, asOf, knownAt);
    if (!plan) throw await this.missing(planId, asOf, knownAt, asked);
    return plan;
  }

  /**
   * Why there is no plan to read: none on record by knownAt (404), or a date before the plan took
   * effect (400 naming the date's field). The second is what a board date recorded before the
   * plan began gives (an older log may hold one; the command now refuses them): told so, rather
   * than "no plan", which the caller can see is not true.
   */
  private async missing(planId: string, asOf: string, knownAt: string, asked: AskedDate = { field: 'asOf' }): Promise<Error> {
    return (await this.beforePlan(planId, asOf, knownAt, asked)) ?? noPlan(planId, asOf, knownAt);
  }

  private async beforePlan(planId: string, asOf: string, knownAt: string, asked: AskedDate): Promise<InvalidInput | undefined> {
    const began = await this.reader.planBegan(planId, knownAt);
    if (began === undefined || asOf >= began) return undefined;
    const day = asOf.slice(0, 10);
    const date = asked.label && asked.label !== day && !asked.label.startsWith(day) ? `"${asked.label}" (${day})` : day;
    return new InvalidInput(asked.field, `${date} is before plan ${planId} took effect (${began.slice(0, 10)}), so the plan has nothing to show then; choose a date on or after ${began.slice(0, 10)}`);
  }

  /** Both clocks of a single-date read; asOf may be a reporting point's label. */
  async clocks(planId: string, asOf: string | undefined, knownAt: string | undefined): Promise<{ asOf: string; knownAt: string }> {
    const known = readClocks(undefined, knownAt).knownAt;
    const resolved = await this.resolveDate(planId, asOf, 'asOf', known);
    // A board date's label is lost once resolved to its date: one before the plan began is named here, by its label.
    if (asOf && !/^\d{4}-\d{2}-\d{2}/.test(asOf)) {
      const early = await this.beforePlan(planId, resolved.asOf, known, { field: 'asOf', label: resolved.label });
      if (early) throw early;
    }
    return { asOf: resolved.asOf, knownAt: known };
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
