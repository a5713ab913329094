import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planStreamId } from '../../domain/identifiers';
import { DEFAULT_PLAN_WORDS, LevelName, PlanWords } from '../../domain/plan/plan-words';
import { PlanRatings, PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { PlanTimelines } from './plan-timelines';
import { SnapshotContents, snapshotFromFacts } from './snapshot-from-facts';

/** The levels a plan may name in its own words (shape facts words:group, words:item, words:section). */
const WORD_LEVELS = ['group', 'item', 'section'] as const;

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
    return this.assemble(planId, asOf, knownAt, 'whole plan');
  }

  /** The same without evidence and milestones, for the reports that compare ratings (their facts are not even searched). */
  async ratingsAsAt(planId: string, asOf: string, knownAt: string): Promise<PlanRatings | undefined> {
    return this.assemble(planId, asOf, knownAt, 'ratings only');
  }

  private async assemble(planId: string, asOf: string, knownAt: string, contents: SnapshotContents): Promise<PlanSnapshot | undefined> {
    const timeline = await this.timelines.timelineOf(planId);
    if (!timeline) return undefined;
    return snapshotFromFacts(timeline, planStreamId(planId), asOf, knownAt, contents);
  }

  /**
   * When the plan took effect, as known at knownAt (undefined if it was not on record then): what
   * tells "no such plan" from "the plan had not begun by that date" when a read finds none. From
   * the plan's timeline: in SQL this was a scan of every fact of the plan (plan_facts is indexed
   * by plan and position), a cost that grew with each rating.
   */
  async planBegan(planId: string, knownAt: string): Promise<string | undefined> {
    const timeline = await this.timelines.timelineOf(planId);
    return timeline?.firstEffectiveFrom(planStreamId(planId), 'plan', '', knownAt);
  }

  /**
   * What the plan called its levels as at (asOf, knownAt), for a report that needs only the words
   * (one action's history), so it does not assemble the whole plan: three groups of the plan's
   * timeline, each found by one look-up and a binary search. In SQL it was a scan of every fact of
   * the plan, so an action's history cost more with every rating of the plan (63 ms at 50,000
   * facts; issue 23, the mixed day).
   */
  async wordsAt(planId: string, asOf: string, knownAt: string): Promise<PlanWords> {
    const words: PlanWords = { ...DEFAULT_PLAN_WORDS };
    const timeline = await this.timelines.timelineOf(planId);
    if (!timeline) return words;
    const subject = planStreamId(planId);
    for (const level of WORD_LEVELS) {
      const name = timeline.payloadInForce(subject, 'shape', `words:${level}`, asOf, knownAt);
      if (name !== undefined) words[level] = name as LevelName;
    }
    return words;
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
