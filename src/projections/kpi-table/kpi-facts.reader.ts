import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedOn } from '../../prepared-statements';
import { KpiValueFact } from './kpi-facts';
import { directionOf, KpiFigure, KpiRow, KpiTable, ragOf } from './kpi-table';

interface KpiFactRow {
  subject: string;
  kind: string;
  key: string;
  payload: string;
  validFrom: string;
  recordedAt: string;
}

/**
 * A plan's KPI facts effective by asOf and recorded by knownAt, in effective order (ties in the
 * order recorded): one range of the (planId, position) index. A plan has a few KPIs with a
 * figure a month, so they are read from the table at each request rather than held in memory.
 */
const kpiFacts = preparedOn<[string, string, string], KpiFactRow>(
  `SELECT subject, kind, key, payload, validFrom, recordedAt FROM plan_facts
    WHERE planId = ? AND kind IN ('kpi', 'kpi-field', 'kpi-value') AND recordedAt <= ? AND validFrom <= ?
    ORDER BY validKey`,
);

const byId = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

@Injectable()
export class KpiFactsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The KPI table of a plan as at (asOf, knownAt); `plan` is the plan then, for its priorities' titles. */
  tableAt(plan: { planId: string; priorities: { number: number; title: string }[] }, asOf: string, knownAt: string): KpiTable {
    const bySubject = new Map<string, { kpiId?: string; definedAt?: string; fields: Record<string, unknown>; periods: Map<string, KpiValueFact[]> }>();
    for (const row of kpiFacts(this.dataSource).all(plan.planId, knownAt, asOf)) {
      let kpi = bySubject.get(row.subject);
      if (!kpi) bySubject.set(row.subject, (kpi = { fields: {}, periods: new Map() }));
      const payload = JSON.parse(row.payload);
      if (row.kind === 'kpi') {
        kpi.kpiId = payload.kpiId;
        kpi.definedAt = row.validFrom;
      } else if (row.kind === 'kpi-field') kpi.fields[row.key] = payload;
      else {
        const versions = kpi.periods.get(row.key) ?? [];
        versions.push(payload);
        kpi.periods.set(row.key, versions);
      }
    }
    const kpis: KpiRow[] = [];
    for (const kpi of bySubject.values()) {
      if (kpi.kpiId === undefined || kpi.definedAt === undefined) continue;
      const f = kpi.fields as Pick<KpiRow, 'priorityNumber' | 'name' | 'unit' | 'target' | 'betterWhen' | 'amberWithin' | 'period'>;
      const values = [...kpi.periods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([period, versions]) => figureOf(period, versions));
      const current = values[values.length - 1];
      const previous = values[values.length - 2];
      kpis.push({
        kpiId: kpi.kpiId,
        priorityNumber: f.priorityNumber,
        priorityTitle: plan.priorities.find((p) => p.number === f.priorityNumber)?.title ?? '',
        name: f.name,
        unit: f.unit,
        target: f.target,
        betterWhen: f.betterWhen,
        amberWithin: f.amberWithin,
        period: f.period,
        definedAt: kpi.definedAt,
        values,
        ...(current ? { current, rag: ragOf(current.value, f.target, f.betterWhen, f.amberWithin) } : {}),
        ...(previous ? { previous, direction: directionOf(previous.value, current.value, f.betterWhen) } : {}),
      });
    }
    kpis.sort((a, b) => a.priorityNumber - b.priorityNumber || byId.compare(a.kpiId, b.kpiId));
    return { planId: plan.planId, asOf, knownAt, kpis };
  }
}

/** A period's figure: the first version, then each correction known, in order; a correction without commentary keeps the one before. */
function figureOf(period: string, versions: KpiValueFact[]): KpiFigure {
  const [first] = versions;
  let figure: KpiFigure = { period, value: first.value, ...(first.commentary ? { commentary: first.commentary } : {}), eventId: first.eventId, recordedAt: first.recordedAt };
  for (const v of versions.slice(1)) {
    figure = {
      ...figure,
      value: v.value,
      ...(v.commentary ? { commentary: v.commentary } : {}),
      recordedAt: v.recordedAt,
      correction: { eventId: v.eventId, ...(v.reason ? { reason: v.reason } : {}) },
    };
  }
  return figure;
}
