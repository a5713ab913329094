import { AddedBetween, Overdue } from '../../projections/due-and-added/due-and-added';
import { DueBetween } from '../../projections/due-and-added/due-between';
import { ActionChange, PreviousVsCurrent } from '../../projections/previous-vs-current/previous-vs-current';
import { ActionColumn, columnCells, columnHeadings } from './action-columns';
import { dueByTables, ReportTable } from './report-tables';
import { DEFAULT_WORDS, ReportWords } from './report-words';

/** A code's colour by its text, for the renderers (which always print the text beside the colour). */
export const codeColours = (codes: { code: string; colour: string }[]): Record<string, string> => Object.fromEntries(codes.map((c) => [c.code, c.colour]));

/** The red and amber actions of each priority with the service's update, lead and due date: the committee's "red/amber with updates". */
export function redOrAmberWithUpdates(report: PreviousVsCurrent, columns: readonly ActionColumn[], w: ReportWords = DEFAULT_WORDS): ReportTable[] {
  const [a, b] = report.columns;
  const row = (c: ActionChange) => [`(${c.reference}${c.ofstedReference ? ` - ${c.ofstedReference}` : ''}) ${c.title}`, c.previous, c.current, ...columnCells(columns, c)];
  return report.priorities
    .filter((p) => p.redOrAmber.length > 0)
    .map((p) => ({
      title: `${w.group} ${p.priority}: ${w.items} rated Red or Amber, with updates`,
      caption: p.title,
      columns: [w.item, a.label, b.label, ...columnHeadings(columns)],
      rows: p.redOrAmber.map(row),
      colours: codeColours(report.codes),
    }));
}

/** due-by's groups for a window, titled with both ends. */
export function dueWindowTables(report: DueBetween, columns: readonly ActionColumn[]): ReportTable[] {
  return dueByTables(report, columns, codeColours(report.codes), `between ${report.dueFrom} and ${report.dueBy}`);
}

/** The actions added between two dates, with the optional columns. */
export function addedTables(report: AddedBetween, columns: readonly ActionColumn[], heading: { title: string; caption?: string }, w: ReportWords = DEFAULT_WORDS): ReportTable[] {
  return [
    {
      ...heading,
      columns: [w.group, w.item, ...columnHeadings(columns)],
      rows: report.added.map((a) => [String(a.priority), `${a.reference}: ${a.title}`, ...columnCells(columns, a)]),
    },
  ];
}

/** Open actions past their due date; lead and due are always there, the update is optional. */
export function overdueTables(report: Overdue, columns: readonly ActionColumn[], w: ReportWords = DEFAULT_WORDS): ReportTable[] {
  const more = columns.filter((c) => c === 'commentary');
  // The milestones column only when a plan has overdue milestones to show: a plan without milestones reads as it did.
  const milestones = report.overdue.some((l) => (l.overdueMilestones ?? []).length > 0);
  return [
    {
      title: 'Overdue',
      columns: [w.item, 'Lead', 'Due', 'RAG', ...columnHeadings(more), ...(milestones ? ['Overdue milestones'] : [])],
      rows: report.overdue.map((l) => [
        `${l.reference} ${l.title}`,
        l.lead ?? '',
        l.dueDate ?? '',
        l.code,
        ...columnCells(more, l),
        ...(milestones ? [(l.overdueMilestones ?? []).map((m) => `${m.milestone} (due ${m.due}${m.lead ? `; ${m.lead}` : ''}): ${m.status}`).join('; ')] : []),
      ]),
    },
  ];
}
