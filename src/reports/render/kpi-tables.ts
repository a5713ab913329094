import { KpiFigure, KpiRow, KpiTable } from '../../projections/kpi-table/kpi-table';
import { ReportTable } from './report-tables';

/** The RAG words' colours; the word is always printed beside the colour. */
const RAG_COLOURS: Record<string, string> = { Green: '#00703c', Amber: '#f47738', Red: '#d4351c' };

const DIRECTION: Record<string, string> = { improving: 'Improving', worsening: 'Worsening', same: 'Same' };

/** A figure in the KPI's unit as a board writes it: 87.5%, 12 days. */
export function inUnit(value: number, unit: string): string {
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

const figure = (kpi: KpiRow, f: KpiFigure | undefined) => (f ? `${inUnit(f.value, kpi.unit)} (${f.period})${f.correction ? ' (corrected)' : ''}` : 'Not reported');

/** The KPI table (previous and current figure, target, direction, RAG), then every figure in force with its commentary. */
export function kpiTables(table: KpiTable): ReportTable[] {
  const day = table.asOf.slice(0, 10);
  return [
    {
      title: 'Key performance indicators',
      caption:
        `As at ${day}, as recorded by ${table.knownAt.slice(0, 19).replace('T', ' ')} UTC. Current is the figure for the latest period begun by then; previous the one before it. ` +
        'RAG: Green at or better than the target, Amber worse than the target by no more than the KPI\'s Amber band, Red beyond. ' +
        'Direction of travel compares current with previous by which way is better for the KPI.',
      columns: ['Priority', 'KPI', 'Target', 'Previous', 'Current', 'Direction of travel', 'RAG', 'Commentary'],
      rows: table.kpis.map((k) => [
        `${k.priorityNumber}. ${k.priorityTitle}`,
        `${k.kpiId}: ${k.name}`,
        `${k.betterWhen === 'higher' ? 'at least' : 'at most'} ${inUnit(k.target, k.unit)}${k.amberWithin > 0 ? `; Amber within ${inUnit(k.amberWithin, k.unit)}` : ''}`,
        figure(k, k.previous),
        figure(k, k.current),
        k.direction ? DIRECTION[k.direction] : 'Not known',
        k.rag ?? 'Not reported',
        k.current?.commentary ?? '',
      ]),
      colours: RAG_COLOURS,
    },
    {
      title: 'KPI figures',
      caption: `Every figure in force as at ${day}; a corrected figure shows the correction and its reason, and the history keeps the original.`,
      columns: ['KPI', 'Period', 'Figure', 'Commentary', 'Correction'],
      rows: table.kpis.flatMap((k) =>
        k.values.map((f) => [k.kpiId, f.period, inUnit(f.value, k.unit), f.commentary ?? '', f.correction ? `corrected${f.correction.reason ? `: ${f.correction.reason}` : ''}` : '']),
      ),
    },
  ];
}
