import { BetterWhen, KpiPeriodKind } from './kpi.events';

export interface DefineKpi {
  type: 'DefineKpi';
  /** As the plan writes it: "KPI 1", "re-referrals". */
  kpiId: string;
  priorityNumber: number;
  name: string;
  unit: string;
  target: number;
  betterWhen: BetterWhen;
  /** 0 when there is no Amber band. */
  amberWithin?: number;
  period: KpiPeriodKind;
  effectiveAt?: string;
  reason?: string;
}

/** Give only what changes; the reporting period cannot change once figures are given for it. */
export interface ChangeKpi {
  type: 'ChangeKpi';
  priorityNumber?: number;
  name?: string;
  unit?: string;
  target?: number;
  betterWhen?: BetterWhen;
  amberWithin?: number;
  effectiveAt?: string;
  reason?: string;
}

export interface RecordKpiValue {
  type: 'RecordKpiValue';
  /** 2018-04 or "Apr 2018" for a monthly KPI; 2018-Q1 or "Q1 2018" for a quarterly one. */
  period: string;
  value: number;
  commentary?: string;
  /** Never given: a figure takes effect from the start of its period (refused if given, so no one thinks it was used). */
  effectiveAt?: string;
  reason?: string;
}

export interface CorrectKpiValue {
  type: 'CorrectKpiValue';
  correctsEventId: string;
  value: number;
  commentary?: string;
  effectiveAt?: string;
  reason?: string;
}

export type KpiCommand = DefineKpi | ChangeKpi | RecordKpiValue | CorrectKpiValue;
