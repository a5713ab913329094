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
import { committeeReport } from './render/committee-report';
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
}

export interface ReportSpec {
  description: string;
  run(queries: QueryBus, p: ReportParameters): Promise<{ data: unknown; document: ReportDocument }>;
}

const need = (value: string | undefined, field: string, example: string): string => {
  if (!value) throw new InvalidInput(field, `is required for this report, e.g. ${example}`);
  return value;
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
      return { data: report, document: { title: 'Previous vs Current', subtitle: `Plan ${p.planId}.`, tables: previousVsCurrentTables(report) } };
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
      return { data: history, document: { title: `Action ${history.reference}`, subtitle: `Plan ${p.planId}.`, tables: ratingHistoryTables(history) } };
    },
  },
  'due-by': {
    description: 'actions due by a date, grouped completed / on track / delayed',
    async run(queries, p) {
      const report: DueBy = await queries.execute(new GetDueBy(p.planId, need(p.dueBy, 'due-by', '--due-by 2019-01-31'), p.asOf, p.knownAt));
      return { data: report, document: { title: `Actions due by ${report.dueBy}`, subtitle: `Plan ${p.planId}, ${clocks(p)}.`, tables: dueByTables(report) } };
    },
  },
  'added-between': {
    description: 'actions added between two dates',
    async run(queries, p) {
      const report: AddedBetween = await queries.execute(new GetAddedBetween(p.planId, need(p.from, 'from', '--from "Nov 16"'), p.to, p.knownAt));
      return {
        data: report,
        document: {
          title: 'New actions',
          subtitle: `Plan ${p.planId}.`,
          tables: [{ title: 'Actions added', columns: ['Priority', 'Action'], rows: report.added.map((a) => [String(a.priority), `${a.reference}: ${a.title}`]) }],
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
          title: 'Overdue actions',
          subtitle: `Plan ${p.planId}, ${clocks(p)}.`,
          tables: [
            {
              title: 'Overdue',
              columns: ['Action', 'Lead', 'Due', 'RAG', 'Overdue milestones'],
              rows: report.overdue.map((l) => [`${l.reference} ${l.title}`, l.lead ?? '', l.dueDate ?? '', l.code, (l.overdueMilestones ?? []).map((m) => `${m.milestone} (due ${m.due}${m.lead ? `; ${m.lead}` : ''}): ${m.status}`).join('; ')]),
            },
          ],
        },
      };
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
    description: 'the committee report: Table 1, Previous vs Current per priority, new actions, completion register',
    async run(queries, p) {
      const from = need(p.from, 'from', '--from "Nov 16"');
      const [summary, changes, added, register, plan] = await Promise.all([
        queries.execute(new GetRagSummary(p.planId, from, p.to, p.knownAt)) as Promise<RagSummary>,
        queries.execute(new GetPreviousVsCurrent(p.planId, from, p.to, p.knownAt)) as Promise<PreviousVsCurrent>,
        queries.execute(new GetAddedBetween(p.planId, from, p.to, p.knownAt)) as Promise<AddedBetween>,
        queries.execute(new GetCompletionRegister(p.planId, p.to, p.knownAt)) as Promise<CompletionRegister>,
        queries.execute(new GetPlanState(p.planId, undefined, p.knownAt)) as Promise<PlanSnapshot>,
      ]);
      return { data: { summary, changes, added, register }, document: committeeReport(plan.title, summary, changes, added, register) };
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
