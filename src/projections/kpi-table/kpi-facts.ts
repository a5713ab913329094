import { KpiEvent } from '../../domain/kpi/kpi.events';
import { EventEnvelope } from '../../event-store/envelope';

/** A figure as plan_facts keeps it: one group per (KPI, period), the figure first and each correction after it. */
export interface KpiValueFact {
  value: number;
  commentary?: string;
  eventId: string;
  recordedAt: string;
  /** On a correction: the event it corrects, and why. */
  corrects?: string;
  reason?: string;
}

type Fact<F> = (kind: string, key: string, payload: unknown, ref?: string | null) => F;

/**
 * What a KPI event says, as plan_facts rows with both clocks (subject: the KPI's stream).
 * A correction needs no supersession: it has the valid time of the figure it corrects and a
 * later position, so in its (KPI, period) group it comes after the figure, and is in force
 * exactly from the moment it was recorded. The plan's timeline holds these kinds as ones it
 * does not read; the KPI table reads them (kpi-facts.reader.ts).
 */
export function kpiFactsFromEvent<F>(event: EventEnvelope, fact: Fact<F>): F[] {
  const e = event as unknown as KpiEvent;
  const { recordedAt, reason } = event.metadata;
  switch (e.type) {
    case 'KpiDefined': {
      const { planId: _plan, kpiId, ...definition } = e.data;
      return [fact('kpi', '', { kpiId }), ...Object.entries(definition).map(([field, value]) => fact('kpi-field', field, value))];
    }
    case 'KpiChanged':
      return Object.entries(e.data.changes).map(([field, value]) => fact('kpi-field', field, value));
    case 'KpiValueRecorded':
      return [
        fact('kpi-value', e.data.period, { value: e.data.value, ...(e.data.commentary ? { commentary: e.data.commentary } : {}), eventId: event.eventId, recordedAt } satisfies KpiValueFact, event.eventId),
      ];
    case 'KpiValueCorrected':
      return [
        fact(
          'kpi-value',
          e.data.period,
          {
            value: e.data.value,
            ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
            eventId: event.eventId,
            recordedAt,
            corrects: e.data.correctsEventId,
            ...(reason ? { reason } : {}),
          } satisfies KpiValueFact,
          e.data.correctsEventId,
        ),
      ];
    default:
      return [];
  }
}
