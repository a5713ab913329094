/**
 * What the oracle says the KPI table was at (asOf, knownAt). Written out here, not borrowed
 * from the read side's KpiTable, so a field one side adds, drops or names differently fails
 * the comparison instead of being a shared assumption.
 */
export interface ReplayedKpiTable {
  planId: string;
  asOf: string;
  knownAt: string;
  kpis: ReplayedKpi[];
}

export interface ReplayedKpi {
  kpiId: string;
  priorityNumber: number;
  priorityTitle: string;
  name: string;
  unit: string;
  target: number;
  betterWhen: 'higher' | 'lower';
  amberWithin: number;
  period: 'monthly' | 'quarterly';
  definedAt: string;
  values: ReplayedKpiFigure[];
  current?: ReplayedKpiFigure;
  previous?: ReplayedKpiFigure;
  direction?: 'improving' | 'worsening' | 'same';
  rag?: 'Green' | 'Amber' | 'Red';
}

export interface ReplayedKpiFigure {
  period: string;
  value: number;
  commentary?: string;
  eventId: string;
  recordedAt: string;
  correction?: { eventId: string; reason?: string };
}
