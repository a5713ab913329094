import { DomainEvent } from '../decider';

/** Whether a bigger figure is better (children seen within timescale) or a smaller one (re-referrals). */
export type BetterWhen = 'higher' | 'lower';
/** How often the board is given a figure. Quarters are calendar quarters: Q1 is January to March. */
export type KpiPeriodKind = 'monthly' | 'quarterly';

/**
 * A KPI's definition as the board agreed it. RAG by threshold: Green at or better than
 * the target, Amber worse than the target by no more than `amberWithin` (in the KPI's
 * unit), Red beyond that.
 */
export interface KpiDefinition {
  /** The group it belongs to: the priority's number today (a plan's own level names come later). */
  priorityNumber: number;
  name: string;
  /** As the board writes it: "%", "days", "children". */
  unit: string;
  target: number;
  betterWhen: BetterWhen;
  amberWithin: number;
  period: KpiPeriodKind;
}

export type KpiDefined = DomainEvent<'KpiDefined', { planId: string; kpiId: string } & KpiDefinition>;
/** A change of target, thresholds, wording or group, carrying only what changed; every version stays in the log. */
export type KpiChanged = DomainEvent<'KpiChanged', { planId: string; kpiId: string; changes: Partial<Omit<KpiDefinition, 'period'>> }>;
/**
 * The figure for one period (`2018-04`, `2018-Q1`). It takes effect from the start of the
 * period it describes, so "as at" reads the period and "known at" when it was recorded.
 */
export type KpiValueRecorded = DomainEvent<'KpiValueRecorded', { planId: string; kpiId: string; period: string; value: number; commentary?: string }>;
/**
 * Fixes a recorded figure without rewriting it: names the KpiValueRecorded (or an earlier
 * correction of it) it corrects; the reason is on the envelope. Same period, same valid time.
 */
export type KpiValueCorrected = DomainEvent<
  'KpiValueCorrected',
  { planId: string; kpiId: string; correctsEventId: string; period: string; value: number; commentary?: string }
>;

export type KpiEvent = KpiDefined | KpiChanged | KpiValueRecorded | KpiValueCorrected;

export const KPI_EVENT_TYPES: readonly KpiEvent['type'][] = ['KpiDefined', 'KpiChanged', 'KpiValueRecorded', 'KpiValueCorrected'];
