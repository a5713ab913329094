import { QueryBus } from '@nestjs/cqrs';
import { InvalidInput } from '../domain/errors';
import { CompletionRegister } from '../projections/completion-register/completion-register';
import { GetCompletionRegister } from '../projections/completion-register/get-completion-register.query';
import { AddedBetween, DueBy, Overdue } from '../projections/due-and-added/due-and-added';
import { GetAddedBetween } from '../projections/due-and-added/get-added-between.query';
import { GetDueBy } from '../projections/due-and-added/get-due-by.query';
import { GetOverdue } from '../projections/due-and-added/get-overdue.query';
import { PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { GetPlanState } from '../projections/plan-state/get-plan-state.query';
import { GetPreviousVsCurrent } from '../projections/previous-vs-current/get-previous-vs-current.query';
import { PreviousVsCurrent } from '../projections/previous-vs-current/previous-vs-current';
import { GetRagSummary } from '../projections/rag-summary/get-rag-summary.query';
import { RagSummary } from '../projections/rag-summary/rag-summary';
import { GetRatingHistory } from '../projections/rating-history/get-rating-history.query';
import { RatingHistory } from '../projections/rating-history/rating-history';
import { COMMITTEE_SECTIONS, readSections } from './committee/committee-sections';
import { DueBetween } from '../projections/due-and-added/due-between';
import { GetDueBetween } from '../projections/due-and-added/get-due-between.query';
import { GetRagTable } from '../projections/rag-table/get-rag-table.query';
import { RagTable } from '../projections/rag-table/rag-table';
import { readActionColumns } from './render/action-columns';
import { addedTables, codeColours, dueWindowTables, overdueTables } from './render/board-tables';
import { committeeReport } from './render/committee-report';
import { ORIENTATIONS, Orientation, ragTableTables } from './render/rag-table-tables';
import { GetKpiTable } from '../projections/kpi-table/get-kpi-table.query';
import { KpiTable } from '../projections/kpi-table/kpi-table';
import { kpiTables } from './render/kpi-tables';
import { heading, wordsOf } from '../domain/plan/plan-words';
import { reportWords } from './render/report-words';
import { GetMilestonesCompleted } from '../projections/milestones/get-milestones-completed.query';
import { GetMilestonesDue } from '../projections/milestones/get-milestones-due.query';
import { GetMilestonesOverdue } from '../projections/milestones/get-milestones-overdue.query';
import { MilestonesCompleted, MilestonesDue, MilestonesOverdue } from '../projections/milestones/milestone-reports';
import { milestonesCompletedTables, milestonesDueTables, milestonesOverdueTables, planMilestoneTables } from './render/milestone-tables';
import {
  completionRegisterTables,
  dueByTables,
  planStateTables,
  previousVsCurrentTables,
  ragSummaryTables,
  ratingHistoryTables,
  ReportDocument,
} from './render/report-tables';

export interface ReportParameters {
  planId: string;
  asOf?: string;
  knownAt?: string;
  from?: string;
  to?: string;
  dueBy?: string;
  reference?: string;
  /** due-between and the committee's due section: the window's first and last due dates. */
  dueFrom?: string;
  dueTo?: string;
  /** rag-table: codes or priorities as rows (default codes). */
  orientation?: string;
  /** rag-table: count new actions from this date (default: the board date before asOf). */
  newSince?: string;
  /** Optional columns of the action tables: lead, due, commentary. */
  columns?: string;
  /** committee: the sections the board chooses, in its order. */
  sections?: string;
}

export interface ReportSpec {
  description: string;
  run(queries: QueryBus, p: ReportParameters): Promise<{ data: unknown; document: ReportDocument }>;
}

const need = (value: string | undefined, field: string, example: string): string => {
  if (!value) throw new InvalidInput(field, `is required for this report, e.g. ${example}`);
  return value;
};
const readOrientation = (value: string | undefined): Orientation => {
  if (value === undefined || value === '') return 'codes';
  if (!(ORIENTATIONS as readonly string[]).includes(value)) throw new InvalidInput('orientation', `"${value}" is not an orientation; use ${ORIENTATIONS.join(' or ')} (what the rows are)`);
  return value as Orientation;
};
const clocks = (p: ReportParameters) => `as at ${p.asOf ?? 'now'}${p.knownAt ? `, as recorded by ${p.knownAt}` : ''}`;

/** Every report by name: what it asks the QueryBus, and how it is laid out as tables. */
export const REPORTS: Record<string, ReportSpec> = {
  'plan-state': {
    description: 'the plan as it stood: priorities, actions, ratings, evidence, milestones',
    async run(queries, p) {
      const plan: PlanSnapshot = await queries.execute(new GetPlanState(p.planId, p.asOf, p.knownAt));
      return { data: plan, document: { title: plan.title, subtitle: `The plan ${clocks(p)}.`, tables: [...planStateTables(plan), ...planMilestoneTables(plan)] } };
    },
  },
  'rag-summary': {
    description: 'Table 1: RAG counts per priority at two dates',
    async run(queries, p) {
      const summary: RagSummary = await queries.execute(new GetRagSummary(p.planId, need(p.from, 'from', '--from "Nov 16"'), p.to, p.knownAt));
      return { data: summary, document: { title: 'RAG summary', subtitle: `Plan ${p.planId}.`, tables: ragSummaryTables(summary) } };
    },
  },
  'previous-vs-current': {
    description: 'per priority, actions whose rating changed, and actions rated red or amber',
    async run(queries, p) {
      const report: PreviousVsCurrent = await queries.execute(new GetPreviousVsCurrent(p.planId, need(p.from, 'from', '--from "Nov 16"'), p.to, p.knownAt));
      return { data: report, document: { title: 'Previous vs Current', subtitle: `Plan ${p.planId}.`, tables: previousVsCurrentTables(report, readActionColumns(p.columns), codeColours(report.codes)) } };
    },
  },
  'completion-register': {
    description: 'completed actions: when, signed off by whom, on which evidence',
    async run(queries, p) {
      const register: CompletionRegister = await queries.execute(new GetCompletionRegister(p.planId, p.asOf, p.knownAt));
      return { data: register, document: { title: 'Completion register', subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: completionRegisterTables(register) } };
    },
  },
  history: {
    description: 'the rating history of one action',
    async run(queries, p) {
      const history: RatingHistory = await queries.execute(new GetRatingHistory(p.planId, need(p.reference, 'ref', '--ref 3.2'), p.asOf, p.knownAt));
      return { data: history, document: { title: `${heading(wordsOf(history).item.singular)} ${history.reference}`, subtitle: `Plan ${p.planId}.`, tables: ratingHistoryTables(history) } };
    },
  },
  'due-by': {
    description: 'actions due by a date, grouped completed / on track / delayed',
    async run(queries, p) {
      const report: DueBy = await queries.execute(new GetDueBy(p.planId, need(p.dueBy, 'due-by', '--due-by 2019-01-31'), p.asOf, p.knownAt));
      return { data: report, document: { title: `${heading(wordsOf(report).item.plural)} due by ${report.dueBy}`, subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: dueByTables(report, readActionColumns(p.columns), codeColours(report.codes)) } };
    },
  },
  'due-between': {
    description: 'actions due in a window (due from one date to another, both included), grouped completed / on track / delayed',
    async run(queries, p) {
      const report: DueBetween = await queries.execute(
        new GetDueBetween(p.planId, need(p.dueFrom, 'dueFrom', '--due-from 2019-02-01'), need(p.dueTo, 'dueTo', '--due-to 2019-03-31'), p.asOf, p.knownAt),
      );
      return { data: report, document: { title: `${heading(wordsOf(report).item.plural)} due between ${report.dueFrom} and ${report.dueBy}`, subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: dueWindowTables(report, readActionColumns(p.columns)) } };
    },
  },
  'rag-table': {
    description: 'Table 1 at one date: RAG counts by priority with totals, not yet rated and new actions (orientation: codes or priorities as rows)',
    async run(queries, p) {
      const orientation = readOrientation(p.orientation);
      const table: RagTable = await queries.execute(new GetRagTable(p.planId, p.asOf, p.knownAt, p.newSince));
      return { data: table, document: { title: 'RAG table', subtitle: `Plan ${p.planId}.`, tables: ragTableTables(table, orientation, reportWords(table.words)) } };
    },
  },
  'added-between': {
    description: 'actions added between two dates',
    async run(queries, p) {
      const report: AddedBetween = await queries.execute(new GetAddedBetween(p.planId, need(p.from, 'from', '--from "Nov 16"'), p.to, p.knownAt));
      return {
        data: report,
        document: {
          title: `New ${wordsOf(report).item.plural}`,
          subtitle: `Plan ${p.planId}.`,
          tables: addedTables(report, readActionColumns(p.columns), { title: `${heading(wordsOf(report).item.plural)} added` }, reportWords(report.words)),
        },
      };
    },
  },
  overdue: {
    description: 'open actions past their due date or with a milestone overdue, listed with those milestones',
    async run(queries, p) {
      const report: Overdue = await queries.execute(new GetOverdue(p.planId, p.asOf, p.knownAt));
      return {
        data: report,
        document: {
          title: `Overdue ${wordsOf(report).item.plural}`,
          subtitle: `Plan ${p.planId}, ${clocks(p)}.`,
          tables: overdueTables(report, readActionColumns(p.columns), reportWords(report.words)),
        },
      };
    },
  },
  kpis: {
    description: 'the KPI table: previous and current figure, target, direction of travel and RAG of each KPI',
    async run(queries, p) {
      const table: KpiTable = await queries.execute(new GetKpiTable(p.planId, p.asOf, p.knownAt));
      return { data: table, document: { title: 'Key performance indicators', subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: kpiTables(table) } };
    },
  },
  'milestones-due': {
    description: 'milestones due in a window (from, to), with their status as at a date',
    async run(queries, p) {
      const report: MilestonesDue = await queries.execute(new GetMilestonesDue(p.planId, need(p.from, 'from', '--from 2017-09-01'), need(p.to, 'to', '--to 2017-09-30'), p.asOf, p.knownAt));
      return { data: report, document: { title: 'Milestones due', subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: milestonesDueTables(report) } };
    },
  },
  'milestones-overdue': {
    description: 'milestones overdue as at a date: past their date, not done, on open actions',
    async run(queries, p) {
      const report: MilestonesOverdue = await queries.execute(new GetMilestonesOverdue(p.planId, p.asOf, p.knownAt));
      return { data: report, document: { title: 'Overdue milestones', subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: milestonesOverdueTables(report) } };
    },
  },
  'milestones-completed': {
    description: 'milestones done in a period: after the plan as at from, by the plan as at to',
    async run(queries, p) {
      const report: MilestonesCompleted = await queries.execute(new GetMilestonesCompleted(p.planId, need(p.from, 'from', '--from 2017-08-31'), p.to, p.knownAt));
      return { data: report, document: { title: 'Milestones completed', subtitle: `Plan ${p.planId}.`, tables: milestonesCompletedTables(report) } };
    },
  },
  committee: {
    description: `the committee report, assembled from the sections the board chooses (sections: ${Object.keys(COMMITTEE_SECTIONS).join(', ')}); by default Table 1, Previous vs Current per priority, new actions, completion register`,
    async run(queries, p) {
      const from = need(p.from, 'from', '--from "Nov 16"');
      const sections = readSections(p.sections);
      const orientation = readOrientation(p.orientation);
      const columns = readActionColumns(p.columns);
      const [summary, plan] = await Promise.all([
        queries.execute(new GetRagSummary(p.planId, from, p.to, p.knownAt)) as Promise<RagSummary>,
        queries.execute(new GetPlanState(p.planId, undefined, p.knownAt)) as Promise<PlanSnapshot>,
      ]);
      const context = { queries, planId: p.planId, from, to: p.to, knownAt: p.knownAt, dueFrom: p.dueFrom, dueTo: p.dueTo, orientation, columns, summary };
      const parts = await Promise.all(sections.map((name) => COMMITTEE_SECTIONS[name].run(context)));
      const data = Object.fromEntries(sections.map((name, i) => [COMMITTEE_SECTIONS[name].key, parts[i].data]));
      return { data, document: committeeReport(plan.title, summary, parts.flatMap((part) => part.tables)) };
    },
  },
};

/**
 * The report called `name`, or undefined: looked up among the catalogue's own entries only, so a
 * name such as "constructor" or "__proto__" (typed in a URL or on the command line) is "no such
 * report", not one of Object's built-in properties.
 */
export function reportNamed(name: string): ReportSpec | undefined {
  return Object.hasOwn(REPORTS, name) ? REPORTS[name] : undefined;
}
