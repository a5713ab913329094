import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planStreamId } from '../../domain/identifiers';
import { DEFAULT_PLAN_WORDS, LevelName, PlanWords } from '../../domain/plan/plan-words';
import { PlanRatings, PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { PlanTimelines } from './plan-timelines';
import { SnapshotContents, snapshotFromFacts } from './snapshot-from-facts';

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
   * tells "no such plan" from "the plan had not begun by that date" when a read finds none.
   */
  async planBegan(planId: string, knownAt: string): Promise<string | undefined> {
    const rows: { began: string | null }[] = await this.dataSource.query(
      `SELECT MIN(validFrom) AS began FROM plan_facts WHERE planId = ? AND kind = 'plan' AND recordedAt <= ? AND (supersededAt IS NULL OR supersededAt > ?)`,
      [planId, knownAt, knownAt],
    );
    return rows[0]?.began ?? undefined;
  }

  /**
   * What the plan called its levels as at (asOf, knownAt): three rows at most, read on their own so a
   * report that needs only the words (one action's history) does not assemble the whole plan.
   */
  async wordsAt(planId: string, asOf: string, knownAt: string): Promise<PlanWords> {
    const rows: { key: string; payload: string }[] = await this.dataSource.query(
      `SELECT key, payload FROM plan_facts WHERE planId = ? AND subject = ? AND kind = 'shape' AND key IN ('words:group', 'words:item', 'words:section')
         AND validFrom <= ? AND recordedAt <= ? AND (supersededAt IS NULL OR supersededAt > ?) ORDER BY validKey, position`,
      [planId, planStreamId(planId), asOf, knownAt, knownAt],
    );
    const words: PlanWords = { ...DEFAULT_PLAN_WORDS };
    // In effective order, so the last of each key is the one in force.
    for (const row of rows) words[row.key.slice('words:'.length) as keyof PlanWords] = JSON.parse(row.payload) as LevelName;
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
