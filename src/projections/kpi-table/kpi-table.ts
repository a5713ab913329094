import { BetterWhen, KpiPeriodKind } from '../../domain/kpi/kpi.events';

/**
 * The KPI table as at (asOf, knownAt): per KPI in force then, its definition in force, every
 * figure for a period begun by asOf as known at knownAt (corrections applied), the current
 * and previous figures, the direction of travel and the RAG. The replay oracle
 * (src/projections/replay/replay-kpis.ts) computes the same from the raw events.
 */
export interface KpiTable {
  planId: string;
  asOf: string;
  knownAt: string;
  kpis: KpiRow[];
}

export interface KpiRow {
  kpiId: string;
  priorityNumber: number;
  priorityTitle: string;
  name: string;
  unit: string;
  target: number;
  betterWhen: BetterWhen;
  amberWithin: number;
  period: KpiPeriodKind;
  definedAt: string;
  /** Every figure in force, by period. */
  values: KpiFigure[];
  /** The figure for the latest period begun by asOf that has one. */
  current?: KpiFigure;
  /** The figure for the latest earlier period that has one. */
  previous?: KpiFigure;
  /** From previous to current, by the KPI's better direction; absent without both. */
  direction?: KpiDirection;
  /** The current figure against the target in force at asOf; absent without a figure. */
  rag?: KpiRag;
}

export interface KpiFigure {
  period: string;
  value: number;
  commentary?: string;
  /** The event that first gave the figure: the one a correction names. */
  eventId: string;
  /** When the figure shown was recorded (the correction's time, if corrected). */
  recordedAt: string;
  /** The correction in force, if any. */
  correction?: { eventId: string; reason?: string };
}

export type KpiDirection = 'improving' | 'worsening' | 'same';
export type KpiRag = 'Green' | 'Amber' | 'Red';

/** How far a figure is worse than the target, in the KPI's unit (negative: better). Rounded, so 85.1 + 0.2 is 85.3. */
function worseBy(value: number, target: number, betterWhen: BetterWhen): number {
  return round(betterWhen === 'higher' ? target - value : value - target);
}

const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** Green at or better than the target; Amber worse by no more than amberWithin; Red beyond. */
export function ragOf(value: number, target: number, betterWhen: BetterWhen, amberWithin: number): KpiRag {
  const gap = worseBy(value, target, betterWhen);
  if (gap <= 0) return 'Green';
  return gap <= amberWithin ? 'Amber' : 'Red';
}

export function directionOf(previous: number, current: number, betterWhen: BetterWhen): KpiDirection {
  const change = round(current - previous);
  if (change === 0) return 'same';
  return (change > 0) === (betterWhen === 'higher') ? 'improving' : 'worsening';
}
