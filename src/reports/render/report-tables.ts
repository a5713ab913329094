import { CompletionRegister } from '../../projections/completion-register/completion-register';
import { DueBy } from '../../projections/due-and-added/due-and-added';
import { ActionChange, PreviousVsCurrent } from '../../projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { RatingHistory } from '../../projections/rating-history/rating-history';
import { PlanSnapshot } from '../../projections/plan-snapshot/plan-snapshot';
import { ActionColumn, columnCells, columnHeadings } from './action-columns';
import { HEADINGS } from './report-words';
import { shareDefinitions, shareNotes } from './share-notes';
import { heading, wordsOf } from '../../domain/plan/plan-words';
import { planShapeTables, shapeCaption, withShapeColumns } from './plan-shape-tables';

/**
 * Every report, whatever its shape, is laid out as titled tables of text cells;
 * the Markdown, CSV, HTML and Word renderers only know about this.
 */
export interface ReportTable {
  title: string;
  /** A sentence under the title, e.g. which dates are compared. */
  caption?: string;
  columns: string[];
  rows: string[][];
  /** Rows to print in bold at the foot (totals). */
  footer?: string[][];
  /** Colour of the cell text by code, for screens and documents; the code itself is always printed too. */
  colours?: Record<string, string>;
  /** Sentences under the table, in every format (CSV included): what a percentage counts, what a row means. */
  notes?: string[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  tables: ReportTable[];
  /** Charts of the tables' figures, for the Word file: each placed after the table it pictures. */
  figures?: ReportFigure[];
}

/** A chart in a document: the SVG, a PNG for readers that cannot show SVG, and alternative text with every figure. */
export interface ReportFigure {
  /** The title of the table it is placed after. */
  afterTable: string;
  title: string;
  altText: string;
  svg: string;
  png: Buffer;
  /** Its size on the page, in pixels at 96 per inch. */
  width: number;
  height: number;
}

const day = (iso: string) => iso.slice(0, 10);
const who = (actor?: { id: string; role: string }) => (actor ? `${actor.id} (${actor.role})` : '');

export function ragSummaryTables(summary: RagSummary): ReportTable[] {
  const [a, b] = summary.columns;
  const w = wordsOf(summary);
  const columns = [heading(w.group.singular), ...summary.codes.flatMap((c) => [`${c.label} ${a.label}`, `${c.label} ${b.label}`])];
  const cells = (counts: Record<string, [number, number]>) => summary.codes.flatMap((c) => counts[c.code].map(String));
  const all = (counts: Record<string, [number, number]>, unrated: [number, number]) =>
    [0, 1].map((i) => String(summary.codes.reduce((n, c) => n + counts[c.code][i], unrated[i])));
  return [
    {
      title: `Table 1: Current RAG rating assigned to ${w.item.plural} by ${w.group.singular}`,
      caption: `${a.label} (${day(a.asOf)}) compared with ${b.label} (${day(b.asOf)}).`,
      columns,
      rows: summary.rows.map((row) => [`${row.priority}. ${row.title}${shapeCaption.links(row.recommendations)}`, ...cells(row.counts)]),
      footer: [['Totals', ...cells(summary.totals.counts)]],
      colours: Object.fromEntries(summary.codes.flatMap((c) => [[c.code, c.colour], ...[a, b].map((column) => [`${c.label} ${column.label}`, c.colour])])),
      notes: [...shareNotes(summary.shares[0], a.label, w.item.plural), ...shareNotes(summary.shares[1], b.label, w.item.plural), ...shareDefinitions(summary.shares[1])],
    },
    // Table 1 keeps the printed report's columns, cell for cell; the actions not yet rated (which the web
    // page shows beside them) follow in every format, with all actions, so every format's totals are the page's.
    {
      title: `Table 1 (continued): ${HEADINGS.notYetRated.toLowerCase()} and all ${w.item.plural} by ${w.group.singular}`,
      caption: `${heading(w.item.plural)} with no rating yet, and every ${w.item.singular} on the plan (rated or not, withdrawn ones left out), at ${a.label} and ${b.label}.`,
      columns: [heading(w.group.singular), `${HEADINGS.notYetRated} ${a.label}`, `${HEADINGS.notYetRated} ${b.label}`, `All ${w.item.plural} ${a.label}`, `All ${w.item.plural} ${b.label}`],
      rows: summary.rows.map((row) => [`${row.priority}. ${row.title}`, ...row.unrated.map(String), ...all(row.counts, row.unrated)]),
      footer: [['Totals', ...summary.totals.unrated.map(String), ...all(summary.totals.counts, summary.totals.unrated)]],
    },
  ];
}

export function previousVsCurrentTables(report: PreviousVsCurrent, extra: readonly ActionColumn[] = [], colours?: Record<string, string>): ReportTable[] {
  const [a, b] = report.columns;
  const w = wordsOf(report);
  const row = (c: ActionChange) => [`(${c.reference}${c.ofstedReference ? ` - ${c.ofstedReference}` : ''}) ${c.title}`, c.previous, c.current, ...columnCells(extra, c)];
  const columns = [heading(w.item.singular), a.label, b.label, ...columnHeadings(extra)];
  const coloured = colours ? { colours } : {};
  return report.priorities.flatMap((p) => [
    ...(p.changed.length > 0
      ? [{ title: `${heading(w.group.singular)} ${p.priority}: changes to the ${w.item.plural}`, caption: p.title, columns, rows: p.changed.map(row), ...coloured }]
      : []),
    ...(p.redOrAmber.length > 0
      ? [{ title: `${heading(w.group.singular)} ${p.priority}: ${w.item.plural} rated Red or Amber`, caption: p.title, columns, rows: p.redOrAmber.map(row), ...coloured }]
      : []),
  ]);
}

/** Two tables, never merged: sign-offs on accepted evidence, and completions a plan file reported (no sign-off, no evidence here). */
export function completionRegisterTables(register: CompletionRegister): ReportTable[] {
  const w = wordsOf(register);
  return [
    {
      title: 'Completion register: signed off',
      caption: `${heading(w.item.plural)} signed off as completed and evidenced as at ${day(register.asOf)}.`,
      columns: [heading(w.item.singular), 'Completed', 'Signed off by', 'Evidence accepted', 'Evidence SHA-256'],
      rows: register.signedOff.map((c) => [
        `${c.reference} ${c.title}`,
        day(c.completedAt),
        who(c.signedOffBy),
        c.evidence.map((e) => e.title).join('; '),
        c.evidence.map((e) => e.fileHash ?? 'no file').join('; '),
      ]),
    },
    {
      title: 'Completion register: from imported files',
      caption: `${heading(w.item.plural)} a plan file reported completed, as at ${day(register.asOf)}: recorded from the file, not signed off here, on no evidence accepted here.`,
      columns: [heading(w.item.singular), 'Completed', 'As recorded', 'Imported by', 'File SHA-256'],
      rows: register.imported.map((c) => [`${c.reference} ${c.title}`, day(c.completedAt), c.summary, who(c.importedBy), c.imported.sha256]),
    },
  ];
}

export function planStateTables(plan: PlanSnapshot): ReportTable[] {
  const w = wordsOf(plan);
  return [...plan.priorities.map((p) => ({
    title: `${heading(w.group.singular)} ${p.number}: ${p.title}`,
    caption: shapeCaption.ofGroup(plan, p, p.outcome ? `Outcome: ${p.outcome}` : undefined),
    ...withShapeColumns(plan, [heading(w.item.singular), 'Lead', 'Due', 'RAG', 'Evidence', 'Milestones'], plan.actions
      .filter((a) => a.priorityNumber === p.number && a.status !== 'withdrawn')
      .map((a) => [
        `${a.reference}${a.ofstedReference ? ` - ${a.ofstedReference}` : ''} ${a.title}`,
        a.lead ?? '',
        a.dueDate ?? '',
        a.displayCode,
        a.evidence.map((e) => `${e.title} (${e.status})`).join('; '),
        a.milestones.map((m) => `${m.title}: ${m.status}`).join('; '),
      ]), plan.actions.filter((a) => a.priorityNumber === p.number && a.status !== 'withdrawn')),
    colours: Object.fromEntries(plan.scale.codes.map((c) => [c.code, c.colour])),
  })), ...planShapeTables(plan)];
}

export function ratingHistoryTables(history: RatingHistory): ReportTable[] {
  return [
    {
      title: `History of ${wordsOf(history).item.singular} ${history.reference}`,
      caption: `As recorded by ${day(history.knownAt)}, effective up to ${day(history.asOf)}.`,
      columns: ['Effective', 'Recorded', 'By', 'What happened', 'Commentary / reason'],
      rows: history.entries.map((e) => [day(e.effectiveAt), e.recordedAt, who(e.actor), e.summary, [e.commentary, e.reason].filter(Boolean).join(' — ')]),
    },
  ];
}

export function dueByTables(report: DueBy, extra: readonly ActionColumn[] = [], colours?: Record<string, string>, window?: string): ReportTable[] {
  const w = wordsOf(report);
  // Lead and due are always there; the commentary is the one optional column these tables lack.
  const more = extra.filter((c) => c === 'commentary');
  const group = (title: string, lines: DueBy['delayed']): ReportTable => ({
    title,
    columns: [heading(w.item.singular), 'Lead', 'Due', 'RAG', ...columnHeadings(more)],
    rows: lines.map((l) => [`${l.reference} ${l.title}`, l.lead ?? '', l.dueDate ?? '', l.code, ...columnCells(more, l)]),
    ...(colours ? { colours } : {}),
  });
  return [
    {
      ...group('Completed and evidenced', report.completedAndEvidenced),
      caption: `${heading(w.item.plural)} due ${window ?? `by ${report.dueBy}`}: ${report.onTrackOrCompleted.ofRated.percent}% of rated ${w.item.plural} and ${report.onTrackOrCompleted.ofAll.percent}% of all of them are on track or completed.`,
      notes: [...shareNotes(report.onTrackOrCompleted, '', w.item.plural), ...shareDefinitions(report.onTrackOrCompleted)],
    },
    group('Completed as reported by an imported plan file (not signed off here)', report.completedAsImported),
    group('On track, evidence not yet received', report.onTrackNotYetEvidenced),
    group('On track, evidence accepted, awaiting sign-off', report.onTrackAwaitingSignOff),
    group('Delayed (Red or Amber)', report.delayed),
    group('Not yet rated', report.notYetRated),
  ];
}
