import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { pageWords } from './plan-words-view';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { FieldProblem, InvalidInput, NotFound } from '../domain/errors';
import { countsAtBoardDates, priorityMovement } from '../reports/render/summary-charts';
import { ActorRef } from '../domain/roles';
import { GetCompletionRegister } from '../projections/completion-register/get-completion-register.query';
import { GetDueBy } from '../projections/due-and-added/get-due-by.query';
import { DueBetween } from '../projections/due-and-added/due-between';
import { GetDueBetween } from '../projections/due-and-added/get-due-between.query';
import { GetPreviousVsCurrent } from '../projections/previous-vs-current/get-previous-vs-current.query';
import { GetRagSummary } from '../projections/rag-summary/get-rag-summary.query';
import { CompletionRegister } from '../projections/completion-register/completion-register';
import { DueBy } from '../projections/due-and-added/due-and-added';
import { PreviousVsCurrent } from '../projections/previous-vs-current/previous-vs-current';
import { RagSummary } from '../projections/rag-summary/rag-summary';
import { boxesFor, CLOCK_FIELDS, clockQuery, readClocks } from './clock-form';
import { formErrors } from './form-errors';
import { blamed, clockProblems, planClock, planLinks } from './plan-page-helpers';
import { actionHref, PlanReads, planHref, scaleHelpers } from './plan-reads';
import { dateParts, displayDate, isBlank, isoFromParts } from './web-dates';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

type QueryParams = Record<string, unknown>;

/** Table 1 and Previous vs Current, the completion register and the due-by report, for any date as recorded at any time. */
@Controller('plans')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class ReportPagesController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get(':planId/summary')
  async summary(@Param('planId') planId: string, @Query() query: QueryParams, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const now = await this.reads.plan(planId);
    const points = await this.reads.boardDates(now);
    // '' is "Today", chosen on purpose; a missing parameter takes the default.
    const given = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : undefined);
    // By default, the last two board dates: what a committee report compares.
    // A typed date (fromDate/toDate) wins over the board date chosen in the list, so any two dates can be compared.
    const typed = { fromDate: given('fromDate') || undefined, toDate: given('toDate') || undefined };
    const from = typed.fromDate || (given('from') ?? points[points.length - 2]?.label ?? points[0]?.label);
    const to = given('toDate') || (given('to') ?? points[points.length - 1]?.label);
    const clocks = readClocks(query);
    let summary: RagSummary | undefined;
    let changes: PreviousVsCurrent | undefined;
    let problems: FieldProblem[] = clocks.problems;
    // With no board dates recorded there is nothing to offer yet: the page says so rather than show an error.
    if (problems.length === 0 && from !== undefined) {
      try {
        [summary, changes] = await Promise.all([
          this.reads.query<RagSummary>(new GetRagSummary(planId, from, to || undefined, clocks.knownAt)),
          this.reads.query<PreviousVsCurrent>(new GetPreviousVsCurrent(planId, from, to || undefined, clocks.knownAt)),
        ]);
      } catch (error) {
        // A date typed in a box is answered by that box, so the person sees their error where they typed it.
        problems = clockProblems(error, 'from').map((p) => (p.field === 'from' && typed.fromDate ? { ...p, field: 'fromDate' } : p.field === 'to' && typed.toDate ? { ...p, field: 'toDate' } : p));
      }
    }
    const charts = summary ? await this.summaryCharts(planId, points, summary, clocks.knownAt, pageWords(now)) : {};
    const dateOptions = (selected: string | undefined) => {
      const options = points.map((p) => ({ value: p.label, text: `${p.label} (${displayDate(p.date)})`, selected: p.label === selected }));
      if (selected && !points.some((p) => p.label === selected)) options.push({ value: selected, text: selected, selected: true });
      options.push({ value: '', text: 'Today', selected: !selected });
      return options;
    };
    const q = clockQuery({ knownAt: clocks.knownAt }, { from, to });
    this.pages.render(request, response, 'summary.njk', {
      pageTitle: `RAG summary and changes – ${now.title}`,
      now,
      ...scaleHelpers(now),
      ...planClock(now, clocks, caller, planHref(planId, 'summary')),
      errors: formErrors(problems, { ...CLOCK_FIELDS, from: { anchor: 'from', label: 'The earlier date' }, to: { anchor: 'to', label: 'The later date' }, fromDate: { anchor: 'fromDate', label: 'The earlier date' }, toDate: { anchor: 'toDate', label: 'The later date' } }),
      typed,
      from,
      to,
      noBoardDates: from === undefined,
      fromOptions: dateOptions(from),
      toOptions: dateOptions(to),
      summary,
      changes,
      charts,
      links: planLinks(planId, clockQuery({ knownAt: clocks.knownAt })),
      actionHref: (reference: string) => actionHref(planId, reference, clockQuery({ asOf: to, knownAt: clocks.knownAt })),
      downloads: {
        summary: { base: `/api/plans/${encodeURIComponent(planId)}/reports/rag-summary`, query: q },
        // Table 1 at the later date alone, new actions counted from the earlier one: the one-date table boards print.
        table: { base: `/api/plans/${encodeURIComponent(planId)}/reports/rag-table`, query: clockQuery({ asOf: to, knownAt: clocks.knownAt }, { newSince: from }) },
        changes: { base: `/api/plans/${encodeURIComponent(planId)}/reports/previous-vs-current`, query: q },
        committee: { base: `/api/plans/${encodeURIComponent(planId)}/reports/committee`, query: q },
      },
    });
  }

  /**
   * The summary's charts, from the same report as Table 1: the plan's totals at each board date (Table 1 read at
   * that date, as recorded at the page's knownAt) and each group's movement between the two dates compared.
   * A board date the record as then known cannot answer for (before the plan began) has no bar, rather than an error.
   */
  private async summaryCharts(planId: string, points: { label: string }[], summary: RagSummary, knownAt: string | undefined, words: { group: string; Group: string }) {
    const atEachDate: RagSummary[] = [];
    for (const point of points) {
      try {
        atEachDate.push(await this.reads.query<RagSummary>(new GetRagSummary(planId, point.label, point.label, knownAt)));
      } catch (error) {
        if (!(error instanceof InvalidInput || error instanceof NotFound)) throw error;
      }
    }
    return { atBoardDates: countsAtBoardDates(atEachDate, words.group), movement: priorityMovement(summary, words.Group) };
  }

  @Get(':planId/completed')
  async completed(@Param('planId') planId: string, @Query() query: QueryParams, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const now = await this.reads.plan(planId);
    const clocks = readClocks(query);
    let register: CompletionRegister | undefined;
    let problems = clocks.problems;
    if (problems.length === 0) {
      try {
        register = await this.reads.query<CompletionRegister>(new GetCompletionRegister(planId, clocks.asOf, clocks.knownAt));
      } catch (error) {
        problems = clockProblems(error, blamed(clocks));
      }
    }
    const q = clockQuery(clocks);
    this.pages.render(request, response, 'completed.njk', {
      pageTitle: `Completed ${pageWords(now).items} – ${now.title}`,
      now,
      register,
      ...scaleHelpers(now),
      ...planClock(now, clocks, caller, planHref(planId, 'completed')),
      errors: formErrors(problems, CLOCK_FIELDS),
      links: planLinks(planId, q),
      actionHref: (reference: string) => actionHref(planId, reference, q),
      downloads: { base: `/api/plans/${encodeURIComponent(planId)}/reports/completion-register`, query: q },
    });
  }

  @Get(':planId/due')
  async due(@Param('planId') planId: string, @Query() query: QueryParams, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const now = await this.reads.plan(planId);
    const clocks = readClocks(query);
    const boxes = dateParts(query, 'dueBy');
    const typed = isoFromParts(boxes, 'dueBy', 'The due date');
    const dueByValue = typed.iso ?? (typeof query.dueBy === 'string' && query.dueBy.trim() ? query.dueBy.trim() : undefined);
    // An optional first due date turns "due by" into "due between" (a window such as 1 February to 31 March).
    const fromBoxes = dateParts(query, 'dueFrom');
    const typedFrom = isoFromParts(fromBoxes, 'dueFrom', 'The first due date');
    const dueFromValue = typedFrom.iso ?? (typeof query.dueFrom === 'string' && query.dueFrom.trim() ? query.dueFrom.trim() : undefined);
    let problems = [...clocks.problems, ...(typed.problem ? [typed.problem] : []), ...(typedFrom.problem ? [typedFrom.problem] : [])];
    let report: DueBy | undefined;
    if (problems.length === 0 && dueByValue) {
      try {
        report = dueFromValue
          ? await this.reads.query<DueBetween>(new GetDueBetween(planId, dueFromValue, dueByValue, clocks.asOf, clocks.knownAt))
          : await this.reads.query<DueBy>(new GetDueBy(planId, dueByValue, clocks.asOf, clocks.knownAt));
      } catch (error) {
        const field = error instanceof InvalidInput ? error.field : undefined;
        problems = clockProblems(error, field === 'dueBy' || field === 'dueTo' ? 'dueBy' : field === 'dueFrom' ? 'dueFrom' : 'asOf');
      }
    }
    const q = dueFromValue ? clockQuery(clocks, { dueFrom: dueFromValue, dueTo: dueByValue }) : clockQuery(clocks, { dueBy: dueByValue });
    this.pages.render(request, response, 'due.njk', {
      pageTitle: `${pageWords(now).Items} due by a date – ${now.title}`,
      now,
      report,
      dueBy: dueByValue,
      dueByBoxes: isBlank(boxes) ? boxesFor(dueByValue, now.reportingPoints) : boxes,
      dueFromBoxes: isBlank(fromBoxes) ? boxesFor(dueFromValue, now.reportingPoints) : fromBoxes,
      ...scaleHelpers(now),
      ...planClock(now, clocks, caller, planHref(planId, 'due')),
      errors: formErrors(problems, { ...CLOCK_FIELDS, dueBy: { anchor: 'dueBy-day', label: 'The due date' }, dueFrom: { anchor: 'dueFrom-day', label: 'The first due date' } }),
      links: planLinks(planId, clockQuery(clocks)),
      actionHref: (reference: string) => actionHref(planId, reference, clockQuery(clocks)),
      downloads: { base: `/api/plans/${encodeURIComponent(planId)}/reports/${dueFromValue ? 'due-between' : 'due-by'}`, query: q },
    });
  }
}
