import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { ReportDocument, ReportTable } from './report-tables';

/**
 * The committee report: its title, the two positions it compares and when it was known, then
 * the tables of the sections the board chose (by default as the seeds lay it out: Table 1, per
 * priority the Previous vs Current and Red/Amber tables, the actions to be added, the actions
 * agreed as complete).
 */
export function committeeReport(planTitle: string, summary: RagSummary, tables: ReportTable[]): ReportDocument {
  const [a, b] = summary.columns;
  return {
    title: `${planTitle}: progress report`,
    subtitle: `Position at ${b.label} (${b.asOf.slice(0, 10)}) compared with ${a.label} (${a.asOf.slice(0, 10)}); every table derived from the recorded events as known at ${b.knownAt.slice(0, 16).replace('T', ' ')} UTC.`,
    tables,
  };
}
