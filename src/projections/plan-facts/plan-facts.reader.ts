import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planStreamId } from '../../domain/identifiers';
import { PlanRatings, PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { PlanTimelines } from './plan-timelines';
import { snapshotFromFacts } from './snapshot-from-facts';

/** The kinds of fact about evidence and milestones, which no rating report reads. */
const NOT_RATINGS: ReadonlySet<string> = new Set(['evidence', 'evidence-review', 'evidence-redaction', 'milestone', 'milestone-status']);

/**
 * Reads the plan as at (asOf, knownAt) from plan_facts: per (subject, kind, key),
 * the latest fact effective by asOf that was known at knownAt and not superseded
 * by then. The plan's facts are held as a timeline in memory (PlanTimelines), checked
 * against plan_facts before each use.
 */
@Injectable()
export class PlanFactsReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timelines: PlanTimelines,
  ) {}

  async planAsAt(planId: string, asOf: string, knownAt: string): Promise<PlanSnapshot | undefined> {
    return this.assemble(planId, asOf, knownAt);
  }

  /** The same without evidence and milestones, for the reports that compare ratings (their facts are not even searched). */
  async ratingsAsAt(planId: string, asOf: string, knownAt: string): Promise<PlanRatings | undefined> {
    return this.assemble(planId, asOf, knownAt, NOT_RATINGS);
  }

  private async assemble(planId: string, asOf: string, knownAt: string, leaveOut?: ReadonlySet<string>): Promise<PlanSnapshot | undefined> {
    const timeline = await this.timelines.timelineOf(planId);
    if (!timeline) return undefined;
    return snapshotFromFacts(planId, planStreamId(planId), timeline.factsInForce(asOf, knownAt, leaveOut), asOf, knownAt);
  }

  /** Every plan known at knownAt, for listings. */
  async planIds(knownAt: string): Promise<string[]> {
    const rows: { planId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT planId FROM plan_facts WHERE kind = 'plan' AND recordedAt <= ? ORDER BY planId`,
      [knownAt],
    );
    return rows.map((r) => r.planId);
  }
}
