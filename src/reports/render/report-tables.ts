import { CompletionRegister } from '../../projections/completion-register/completion-register';
import { DueBy } from '../../projections/due-and-added/due-and-added';
import { PreviousVsCurrent } from '../../projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { RatingHistory } from '../../projections/rating-history/rating-history';
import { PlanSnapshot } from '../../projections/plan-snapshot/plan-snapshot';
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
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  tables: ReportTable[];
}

const day = (iso: string) => iso.slice(0, 10);
const who = (actor?: { id: string; role: string }) => (actor ? `${actor.id} (${actor.role})` : '');

export function ragSummaryTables(summary: RagSummary): ReportTable[] {
  const [a, b] = summary.columns;
  const w = wordsOf(summary);
  const columns = [heading(w.group.singular), ...summary.codes.flatMap((c) => [`${c.label} ${a.label}`, `${c.label} ${b.label}`])];
  const cells = (counts: Record<string, [number, number]>) => summary.codes.flatMap((c) => counts[c.code].map(String));
  return [
    {
      title: `Table 1: Current RAG rating assigned to ${w.item.plural} by ${w.group.singular}`,
      caption: `${a.label} (${day(a.asOf)}) compared with ${b.label} (${day(b.asOf)}). On track or completed: ${summary.onTrackOrCompleted[0]}% at ${a.label}, ${summary.onTrackOrCompleted[1]}% at ${b.label}.`,
      columns,
      rows: summary.rows.map((row) => [`${row.priority}. ${row.title}${shapeCaption.links(row.recommendations)}`, ...cells(row.counts)]),
      footer: [['Totals', ...cells(summary.totals.counts)]],
      colours: Object.fromEntries(summary.codes.map((c) => [c.code, c.colour])),
    },
  ];
}

export function previousVsCurrentTables(report: PreviousVsCurrent): ReportTable[] {
  const [a, b] = report.columns;
  const w = wordsOf(report);
  const row = (c: { reference: string; ofstedReference?: string; title: string; previous: string; current: string }) => [
    `(${c.reference}${c.ofstedReference ? ` - ${c.ofstedReference}` : ''}) ${c.title}`,
    c.previous,
    c.current,
  ];
  return report.priorities.flatMap((p) => [
    ...(p.changed.length > 0
      ? [{ title: `${heading(w.group.singular)} ${p.priority}: changes to the ${w.item.plural}`, caption: p.title, columns: [heading(w.item.singular), a.label, b.label], rows: p.changed.map(row) }]
      : []),
    ...(p.redOrAmber.length > 0
      ? [{ title: `${heading(w.group.singular)} ${p.priority}: ${w.item.plural} rated Red or Amber`, caption: p.title, columns: [heading(w.item.singular), a.label, b.label], rows: p.redOrAmber.map(row) }]
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
      title: `History of action ${history.reference}`,
      caption: `As recorded by ${day(history.knownAt)}, effective up to ${day(history.asOf)}.`,
      columns: ['Effective', 'Recorded', 'By', 'What happened', 'Commentary / reason'],
      rows: history.entries.map((e) => [day(e.effectiveAt), e.recordedAt, who(e.actor), e.summary, [e.commentary, e.reason].filter(Boolean).join(' — ')]),
    },
  ];
}

export function dueByTables(report: DueBy): ReportTable[] {
  const w = wordsOf(report);
  const group = (title: string, lines: DueBy['delayed']): ReportTable => ({
    title,
    columns: [heading(w.item.singular), 'Lead', 'Due', 'RAG'],
    rows: lines.map((l) => [`${l.reference} ${l.title}`, l.lead ?? '', l.dueDate ?? '', l.code]),
  });
  return [
    { ...group('Completed and evidenced', report.completedAndEvidenced), caption: `${heading(w.item.plural)} due by ${report.dueBy}: ${report.onTrackOrCompletedPercent}% are on track or completed.` },
    group('Completed as reported by an imported plan file (not signed off here)', report.completedAsImported),
    group('On track, evidence not yet received', report.onTrackNotYetEvidenced),
    group('On track, evidence accepted, awaiting sign-off', report.onTrackAwaitingSignOff),
    group('Delayed (Red or Amber)', report.delayed),
    group('Not yet rated', report.notYetRated),
  ];
}
