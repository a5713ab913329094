import { KpiEvent } from '../../domain/kpi/kpi.events';
import { PlanEvent } from '../../domain/plan/plan.events';
import { EventEnvelope } from '../../event-store/envelope';
import { ReplayedKpi, ReplayedKpiFigure, ReplayedKpiTable } from './replayed-kpis';

const byId = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The oracle for the KPI table: keep the raw events recorded by `knownAt` and effective by
 * `asOf`, put them in effective order (ties in the order recorded), fold, and work out the
 * current and previous figures, the direction and the RAG again here, sharing nothing with
 * the read side. Undefined when the plan was not on record then.
 */
export function replayKpis(events: EventEnvelope[], planId: string, asOf: string, knownAt: string): ReplayedKpiTable | undefined {
  const visible = events
    .filter((e) => e.metadata.recordedAt <= knownAt && e.metadata.effectiveAt <= asOf)
    .sort((a, b) => a.metadata.effectiveAt.localeCompare(b.metadata.effectiveAt) || a.globalPosition - b.globalPosition);
  let planFound = false;
  const titles = new Map<number, string>();
  const kpis = new Map<string, Omit<ReplayedKpi, 'priorityTitle' | 'values' | 'current' | 'previous' | 'direction' | 'rag'> & { figures: Map<string, ReplayedKpiFigure> }>();
  for (const event of visible) {
    const e = event as unknown as PlanEvent | KpiEvent;
    if ((e.data as { planId?: string }).planId !== planId) continue;
    switch (e.type) {
      case 'PlanCreated':
        planFound = true;
        break;
      case 'PriorityAdded':
        titles.set(e.data.number, e.data.title);
        break;
      case 'PriorityAmended':
        if (e.data.title !== undefined && titles.has(e.data.number)) titles.set(e.data.number, e.data.title);
        break;
      case 'KpiDefined': {
        const { planId: _plan, ...definition } = e.data;
        kpis.set(event.streamId, { ...definition, definedAt: event.metadata.effectiveAt, figures: new Map() });
        break;
      }
      case 'KpiChanged': {
        const kpi = kpis.get(event.streamId);
        if (kpi) Object.assign(kpi, e.data.changes);
        break;
      }
      case 'KpiValueRecorded':
        kpis.get(event.streamId)?.figures.set(e.data.period, {
          period: e.data.period,
          value: e.data.value,
          ...(e.data.commentary ? { commentary: e.data.commentary } : {}),
          eventId: event.eventId,
          recordedAt: event.metadata.recordedAt,
        });
        break;
      case 'KpiValueCorrected': {
        const figure = kpis.get(event.streamId)?.figures.get(e.data.period);
        if (!figure) break;
        figure.value = e.data.value;
        if (e.data.commentary) figure.commentary = e.data.commentary;
        figure.recordedAt = event.metadata.recordedAt;
        figure.correction = { eventId: event.eventId, ...(event.metadata.reason ? { reason: event.metadata.reason } : {}) };
        break;
      }
    }
  }
  if (!planFound) return undefined;
  const rows: ReplayedKpi[] = [...kpis.values()].map(({ figures, ...kpi }) => {
    const values = [...figures.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
    const current = values.at(-1);
    const previous = values.at(-2);
    const row: ReplayedKpi = { ...kpi, priorityTitle: titles.get(kpi.priorityNumber) ?? '', values };
    if (current) {
      row.current = current;
      // How much worse than the target, rounded to nine places so that 85.1 + 0.2 counts as 85.3.
      const shortBy = Number((kpi.betterWhen === 'higher' ? kpi.target - current.value : current.value - kpi.target).toFixed(9));
      row.rag = shortBy <= 0 ? 'Green' : shortBy <= kpi.amberWithin ? 'Amber' : 'Red';
    }
    if (previous && current) {
      row.previous = previous;
      const rise = Number((current.value - previous.value).toFixed(9));
      row.direction = rise === 0 ? 'same' : rise > 0 === (kpi.betterWhen === 'higher') ? 'improving' : 'worsening';
    }
    return row;
  });
  rows.sort((a, b) => a.priorityNumber - b.priorityNumber || byId.compare(a.kpiId, b.kpiId));
  return { planId, asOf, knownAt, kpis: rows };
}
