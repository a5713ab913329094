import { RecordedEvent } from '../decider';
import { KpiDefinition, KpiEvent } from './kpi.events';

/** A period's figure: the event that recorded it, and every correction of it since, in order. */
export interface KpiPeriodValue {
  period: string;
  value: number;
  /** The KpiValueRecorded first, then each KpiValueCorrected: any of them may be named by a correction. */
  eventIds: string[];
}

export interface KpiState {
  exists: boolean;
  kpiId: string;
  /** When the KPI took effect: no figure may describe a period that began earlier. */
  definedAt: string;
  definition: KpiDefinition;
  values: Record<string, KpiPeriodValue>;
}

export const initialKpiState = (): KpiState => ({
  exists: false,
  kpiId: '',
  definedAt: '',
  definition: { priorityNumber: 0, name: '', unit: '', target: 0, betterWhen: 'higher', amberWithin: 0, period: 'monthly' },
  values: {},
});

export function evolveKpi(state: KpiState, event: RecordedEvent<KpiEvent>): KpiState {
  switch (event.type) {
    case 'KpiDefined': {
      const { planId: _plan, kpiId, ...definition } = event.data;
      return { ...state, exists: true, kpiId, definedAt: event.effectiveAt, definition };
    }
    case 'KpiChanged':
      return { ...state, definition: { ...state.definition, ...event.data.changes } };
    case 'KpiValueRecorded':
      return { ...state, values: { ...state.values, [event.data.period]: { period: event.data.period, value: event.data.value, eventIds: [event.eventId] } } };
    case 'KpiValueCorrected': {
      const current = state.values[event.data.period];
      if (!current) return state;
      return { ...state, values: { ...state.values, [event.data.period]: { ...current, value: event.data.value, eventIds: [...current.eventIds, event.eventId] } } };
    }
  }
}
