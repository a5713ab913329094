import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planStreamId } from '../../domain/identifiers';
import { PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { FactInForce, snapshotFromFacts } from './snapshot-from-facts';

/**
 * Reads the plan as at (asOf, knownAt) from plan_facts: one indexed range scan
 * over the plan's facts effective by asOf, keeping per (subject, kind, key) the
 * latest fact known at knownAt. SQLite returns the bare columns of the row that
 * holds MAX(validKey), which is exactly "the fact in force".
 */
@Injectable()
export class PlanFactsReader {
  constructor(private readonly dataSource: DataSource) {}

  async planAsAt(planId: string, asOf: string, knownAt: string): Promise<PlanSnapshot | undefined> {
    const rows: FactInForce[] = await this.dataSource.query(
      `SELECT subject, kind, key, payload, validFrom, MAX(validKey) AS validKey
         FROM plan_facts
        WHERE planId = ? AND validFrom <= ? AND recordedAt <= ? AND (supersededAt IS NULL OR supersededAt > ?)
        GROUP BY subject, kind, key`,
      [planId, asOf, knownAt, knownAt],
    );
    return snapshotFromFacts(planId, planStreamId(planId), rows, asOf, knownAt);
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
