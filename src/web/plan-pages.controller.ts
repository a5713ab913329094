import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { UsersService } from '../auth/users.service';
import { ActorRef } from '../domain/roles';
import { ActionSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { REPORTS } from '../reports/report-catalogue';
import { CLOCK_FIELDS, clockQuery, readClocks } from './clock-form';
import { formErrors } from './form-errors';
import { blamed, clockProblems, planClock, planLinks } from './plan-page-helpers';
import { actionHref, PlanReads, planHref, scaleHelpers } from './plan-reads';
import { WebErrorFilter } from './web-error.filter';
import { mayUse } from './setup/form-step';
import { CREATE_PLAN } from './setup/plan-setup-steps';
import { FILTER_FIELDS, filterParams, filterView, isFiltered, matches, readPlanFilter } from './plan-filters';
import { pageWords } from './plan-words-view';
import { WebPages, WebRequest } from './web-pages';

type QueryParams = Record<string, unknown>;

/** "1 accepted, 1 awaiting review": an action's evidence in a few words. */
function evidenceSummary(action: ActionSnapshot): string {
  if (action.evidence.length === 0) return 'None yet';
  const count = (status: string) => action.evidence.filter((e) => e.status === status).length;
  return [
    [count('accepted'), 'accepted'],
    [count('submitted'), 'awaiting review'],
    [count('rejected'), 'rejected'],
  ]
    .filter(([n]) => n)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** The plans, and one plan as effective on any date (asOf) as recorded at any time (knownAt); every report to download. */
@Controller('plans')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class PlanPagesController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
    private readonly users: UsersService,
  ) {}

  @Get()
  async list(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const plans = await Promise.all((await this.reads.planIds()).map((id) => this.reads.plan(id)));
    this.pages.render(request, response, 'plans.njk', {
      pageTitle: 'Improvement plans',
      mayCreate: mayUse(CREATE_PLAN, caller),
      plans: plans.map((p) => ({ href: planHref(p.planId), title: p.title, council: p.council, actions: p.actions.filter((a) => a.status !== 'withdrawn').length, planId: p.planId })),
    });
  }

  @Get(':planId')
  async plan(@Param('planId') planId: string, @Query() query: QueryParams, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const now = await this.reads.plan(planId);
    const clocks = readClocks(query);
    let plan: PlanSnapshot | undefined;
    let problems = clocks.problems;
    if (problems.length === 0) {
      try {
        plan = await this.reads.plan(planId, clocks.asOf, clocks.knownAt);
      } catch (error) {
        problems = clockProblems(error, blamed(clocks));
      }
    }
    const shown = plan ?? now;
    const q = clockQuery(clocks);
    // The filter's choices are today's plan's (its priorities, scale and leads); a value it has no choice for is a 400 naming the filter.
    const { filter, problems: filterProblems } = readPlanFilter(query, now);
    const person = { id: caller.id, displayName: filter.mine ? (await this.users.findUser(caller.id))?.displayName : undefined };
    const shownActions = plan ? plan.actions.filter((a) => matches(a, filter, person)) : [];
    this.pages.render(
      request,
      response,
      'plan.njk',
      {
      pageTitle: now.title,
      now,
      plan,
      ...scaleHelpers(shown),
      ...planClock(now, clocks, caller, planHref(planId)),
      errors: formErrors([...problems, ...filterProblems], { ...CLOCK_FIELDS, ...FILTER_FIELDS }),
      links: planLinks(planId, q),
      filters: filterView(now, filter, q, planHref(planId), { group: pageWords(now).Group }),
      clockKeeps: filterParams(filter).map(([name, value]) => ({ name, value })),
      counts: { shown: shownActions.length, all: plan?.actions.length ?? 0 },
      priorities: plan
        ? plan.priorities
            .map((p) => ({
              ...p,
              sectionTitle: plan!.sections?.find((s) => s.number === p.section)?.title,
              actions: shownActions.filter((a) => a.priorityNumber === p.number).map((a) => ({ ...a, href: actionHref(planId, a.reference, q), evidenceSummary: evidenceSummary(a) })),
            }))
            // Filtered, a priority with nothing that matches is left out rather than shown empty.
            .filter((p) => p.actions.length > 0 || !isFiltered(filter))
        : [],
      downloads: { base: `/api/plans/${encodeURIComponent(planId)}/reports/plan-state`, query: q },
      },
      filterProblems.length > 0 ? 400 : 200,
    );
  }

  @Get(':planId/downloads')
  async downloads(@Param('planId') planId: string, @Req() request: WebRequest, @Res() response: Response) {
    const now = await this.reads.plan(planId);
    const points = await this.reads.boardDates(now);
    const from = points[points.length - 2]?.label ?? points[0]?.label ?? '';
    const to = points[points.length - 1]?.label ?? '';
    const today = new Date().toISOString().slice(0, 10);
    // The parameters each report needs, filled in with the board dates so every link works as it stands.
    const parameters: Record<string, Record<string, string | undefined>> = {
      'plan-state': {},
      'rag-summary': { from, to },
      'previous-vs-current': { from, to },
      'completion-register': {},
      history: { ref: now.actions[0]?.reference },
      'due-by': { dueBy: today },
      'added-between': { from, to },
      overdue: {},
      // This month's milestones, and those done since the last board but one.
      'milestones-due': { from: `${today.slice(0, 8)}01`, to: endOfMonth(today) },
      'milestones-overdue': {},
      'milestones-completed': { from, to },
      committee: { from, to },
    };
    const reports = Object.entries(REPORTS).map(([name, spec]) => ({
      name,
      description: spec.description,
      base: `/api/plans/${encodeURIComponent(planId)}/reports/${name}`,
      query: clockQuery({}, parameters[name] ?? {}),
      parameters: Object.entries(parameters[name] ?? {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', '),
    }));
    this.pages.render(request, response, 'downloads.njk', { pageTitle: `Download reports – ${now.title}`, now, reports, links: planLinks(planId, '') });
  }
}

/** The last day of the month of a YYYY-MM-DD day. */
function endOfMonth(day: string): string {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);
}
