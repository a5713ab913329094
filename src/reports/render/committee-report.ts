import { CompletionRegister } from '../../projections/completion-register/completion-register';
import { PreviousVsCurrent } from '../../projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { heading, wordsOf } from '../../domain/plan/plan-words';
import { completionRegisterTables, previousVsCurrentTables, ragSummaryTables, ReportDocument, ReportTable } from './report-tables';

/**
 * The committee report as the seeds lay it out: Table 1, then per priority the
 * Previous vs Current and Red/Amber tables, then the actions to be added, then
 * the actions agreed as complete.
 */
export function committeeReport(
  planTitle: string,
  summary: RagSummary,
  changes: PreviousVsCurrent,
  added: { added: { reference: string; priority: number; title: string }[] },
  register: CompletionRegister,
): ReportDocument {
  const [a, b] = summary.columns;
  const w = wordsOf(summary);
  const newActions: ReportTable = {
    title: `${heading(w.item.plural)} to be added to the plan`,
    caption: `Added after ${a.label} and by ${b.label}.`,
    columns: [heading(w.group.singular), heading(w.item.singular)],
    rows: added.added.map((x) => [String(x.priority), `${x.reference}: ${x.title}`]),
  };
  return {
    title: `${planTitle}: progress report`,
    subtitle: `Position at ${b.label} (${b.asOf.slice(0, 10)}) compared with ${a.label} (${a.asOf.slice(0, 10)}); every table derived from the recorded events as known at ${b.knownAt.slice(0, 16).replace('T', ' ')} UTC.`,
    tables: [...ragSummaryTables(summary), ...previousVsCurrentTables(changes), newActions, ...completionRegisterTables(register)],
  };
}
