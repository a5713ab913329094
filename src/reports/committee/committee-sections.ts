import { QueryBus } from '@nestjs/cqrs';
import { InvalidInput } from '../../domain/errors';
import { CompletionRegister } from '../../projections/completion-register/completion-register';
import { GetCompletionRegister } from '../../projections/completion-register/get-completion-register.query';
import { AddedBetween } from '../../projections/due-and-added/due-and-added';
import { DueBetween } from '../../projections/due-and-added/due-between';
import { GetAddedBetween } from '../../projections/due-and-added/get-added-between.query';
import { GetDueBetween } from '../../projections/due-and-added/get-due-between.query';
import { GetKpiTable } from '../../projections/kpi-table/get-kpi-table.query';
import { KpiTable } from '../../projections/kpi-table/kpi-table';
import { GetMilestonesDue } from '../../projections/milestones/get-milestones-due.query';
import { GetMilestonesOverdue } from '../../projections/milestones/get-milestones-overdue.query';
import { MilestonesDue, MilestonesOverdue } from '../../projections/milestones/milestone-reports';
import { GetPreviousVsCurrent } from '../../projections/previous-vs-current/get-previous-vs-current.query';
import { PreviousVsCurrent } from '../../projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { GetRagTable } from '../../projections/rag-table/get-rag-table.query';
import { RagTable } from '../../projections/rag-table/rag-table';
import { ActionColumn, ACTION_COLUMNS } from '../render/action-columns';
import { addedTables, codeColours, dueWindowTables, redOrAmberWithUpdates } from '../render/board-tables';
import { kpiTables } from '../render/kpi-tables';
import { milestonesDueTables, milestonesOverdueTables } from '../render/milestone-tables';
import { heading } from '../../domain/plan/plan-words';
import { reportWords } from '../render/report-words';
import { Orientation, ragTableTables } from '../render/rag-table-tables';
import { completionRegisterTables, previousVsCurrentTables, ragSummaryTables, ReportTable } from '../render/report-tables';

/** What a section is given: the committee's two dates (from: the board before, to: this board) and the board's choices. */
export interface SectionContext {
  queries: QueryBus;
  planId: string;
  from: string;
  to?: string;
  knownAt?: string;
  dueFrom?: string;
  dueTo?: string;
  orientation: Orientation;
  columns: ActionColumn[];
  /** Table 1 at both dates, read once for the report's subtitle and handed to any section that shows it. */
  summary: RagSummary;
}

/** One section of the committee report: what it is, the key its data goes under in the JSON, and its tables. */
export interface CommitteeSection {
  description: string;
  key: string;
  run(ctx: SectionContext): Promise<{ data: unknown; tables: ReportTable[] }>;
}

const need = (value: string | undefined, field: string, example: string): string => {
  if (!value) throw new InvalidInput(field, `is required for the committee report's due section, e.g. ${example}`);
  return value;
};

/**
 * The sections a board may choose, in the order they are listed unless it gives its own. Adding a
 * section (KPIs, milestones) is one entry here: its key, its description and how it reads its tables.
 */
export const COMMITTEE_SECTIONS: Record<string, CommitteeSection> = {
  'rag-summary': {
    description: 'Table 1 at both dates, side by side, with the actions not yet rated',
    key: 'summary',
    run: async (ctx) => ({ data: ctx.summary, tables: ragSummaryTables(ctx.summary) }),
  },
  'rag-table': {
    description: 'Table 1 at this board date alone (orientation: codes or priorities as rows), with totals, not yet rated and the actions new since the board before',
    key: 'table',
    async run(ctx) {
      const table: RagTable = await ctx.queries.execute(new GetRagTable(ctx.planId, ctx.to, ctx.knownAt, ctx.from));
      return { data: table, tables: ragTableTables(table, ctx.orientation, reportWords(table.words)) };
    },
  },
  'previous-vs-current': {
    description: 'per priority, the actions whose rating changed, and those rated red or amber',
    key: 'changes',
    async run(ctx) {
      const changes: PreviousVsCurrent = await ctx.queries.execute(new GetPreviousVsCurrent(ctx.planId, ctx.from, ctx.to, ctx.knownAt));
      return { data: changes, tables: previousVsCurrentTables(changes, ctx.columns, codeColours(changes.codes)) };
    },
  },
  'red-amber': {
    description: 'the actions rated red or amber, with the update from the service, the lead and the due date',
    key: 'redOrAmber',
    async run(ctx) {
      const changes: PreviousVsCurrent = await ctx.queries.execute(new GetPreviousVsCurrent(ctx.planId, ctx.from, ctx.to, ctx.knownAt));
      return { data: changes.priorities.map((p) => ({ priority: p.priority, title: p.title, redOrAmber: p.redOrAmber })), tables: redOrAmberWithUpdates(changes, ctx.columns.length > 0 ? ctx.columns : [...ACTION_COLUMNS], reportWords(changes.words)) };
    },
  },
  'due-between': {
    description: 'the actions due in a window (dueFrom to dueTo), completed, on track, delayed and not yet rated',
    key: 'due',
    async run(ctx) {
      const due: DueBetween = await ctx.queries.execute(new GetDueBetween(ctx.planId, need(ctx.dueFrom, 'dueFrom', '--due-from 2017-02-01'), need(ctx.dueTo, 'dueTo', '--due-to 2017-03-31'), ctx.to, ctx.knownAt));
      return { data: due, tables: dueWindowTables(due, ctx.columns) };
    },
  },
  'new-actions': {
    description: 'the actions added since the board before',
    key: 'added',
    async run(ctx) {
      const added: AddedBetween = await ctx.queries.execute(new GetAddedBetween(ctx.planId, ctx.from, ctx.to, ctx.knownAt));
      const [a, b] = ctx.summary.columns;
      return { data: added, tables: addedTables(added, ctx.columns, { title: `${heading(reportWords(added.words).items)} to be added to the plan`, caption: `Added after ${a.label} and by ${b.label}.` }, reportWords(added.words)) };
    },
  },
  'completion-register': {
    description: 'the actions completed: signed off here, and as reported by imported plan files',
    key: 'register',
    async run(ctx) {
      const register: CompletionRegister = await ctx.queries.execute(new GetCompletionRegister(ctx.planId, ctx.to, ctx.knownAt));
      return { data: register, tables: completionRegisterTables(register) };
    },
  },
  kpis: {
    description: 'the KPI table at this board date: previous and current figure, target, direction of travel and RAG of each KPI',
    key: 'kpis',
    async run(ctx) {
      const table: KpiTable = await ctx.queries.execute(new GetKpiTable(ctx.planId, ctx.to, ctx.knownAt));
      return { data: table, tables: kpiTables(table) };
    },
  },
  milestones: {
    description: 'the milestones due between the board before and this board (dueFrom and dueTo when given), and those overdue at this board date',
    key: 'milestones',
    async run(ctx) {
      const [due, overdue]: [MilestonesDue, MilestonesOverdue] = await Promise.all([
        ctx.queries.execute(new GetMilestonesDue(ctx.planId, ctx.dueFrom ?? ctx.from, ctx.dueTo ?? ctx.to ?? new Date().toISOString().slice(0, 10), ctx.to, ctx.knownAt)),
        ctx.queries.execute(new GetMilestonesOverdue(ctx.planId, ctx.to, ctx.knownAt)),
      ]);
      return { data: { due, overdue }, tables: [...milestonesDueTables(due), ...milestonesOverdueTables(overdue)] };
    },
  },
};

/** The committee report as the seeds lay it out, when the board chooses nothing else. */
export const DEFAULT_COMMITTEE_SECTIONS = ['rag-summary', 'previous-vs-current', 'new-actions', 'completion-register'];

/** "rag-table,red-amber" as typed: each a section, in the board's order, none twice. */
export function readSections(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return DEFAULT_COMMITTEE_SECTIONS;
  const names = value.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  for (const name of names) {
    if (!Object.hasOwn(COMMITTEE_SECTIONS, name)) throw new InvalidInput('sections', `"${name}" is not a section of the committee report; choose from ${Object.keys(COMMITTEE_SECTIONS).join(', ')}`);
  }
  if (names.length === 0) throw new InvalidInput('sections', `name at least one section: ${Object.keys(COMMITTEE_SECTIONS).join(', ')}`);
  return [...new Set(names)];
}
