import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { InvalidInput, NotFound } from '../domain/errors';
import { ActorRef, Role } from '../domain/roles';
import { ActionSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { GetRatingHistory } from '../projections/rating-history/get-rating-history.query';
import { RatingHistory } from '../projections/rating-history/rating-history';
import { CLOCK_FIELDS, clockQuery, clockView, readClocks } from './clock-form';
import { formErrors, FormErrors } from './form-errors';
import { mayRate } from './form-fields';
import { actionHref, PlanReads, planHref, scaleHelpers } from './plan-reads';
import { actionFormLinks } from './action-forms.controller';
import { WebErrorFilter } from './web-error.filter';
import { readClocks as readReportClocks } from '../projections/shared/report-time';
import { ratingOverTime } from './charts/rating-over-time';
import { displayDate, displayDateTime } from './web-dates';
import { WebPages, WebRequest } from './web-pages';

/** Those who check entries one by one (and so see a proof bundle link on each): auditors, inspectors and administrators. */
const EVENT_BUNDLE_READERS: readonly Role[] = ['admin', 'auditor', 'inspector'];

type QueryParams = Record<string, unknown>;

/** In place of the action's standing when the date asked for cannot be answered. */
const NOTHING_SHOWN = 'Nothing is shown for the date asked for: put it right, or choose another.';

/** What a notification banner says after a change, keyed by ?recorded=… so no free text travels in the address. */
export const RECORDED: Record<string, string> = {
  rating: 'The new rating has been recorded.',
  evidence: 'The evidence has been submitted for review.',
  accepted: 'The evidence has been accepted.',
  rejected: 'The evidence has been rejected and the reason recorded.',
  'signed-off': 'The action has been signed off as completed.',
};

/** One action: where it stands on the chosen date, its whole timeline, and the way to the forms for those who may use them. */
@Controller('plans/:planId/actions/:reference')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class ActionPagesController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async action(
    @Param('planId') planId: string,
    @Param('reference') reference: string,
    @Query() query: QueryParams,
    @Req() request: WebRequest,
    @Res() response: Response,
    @Caller() caller: ActorRef,
  ) {
    const clocks = readClocks(query);
    if (clocks.problems.length > 0) {
      const { plan, action } = await this.reads.action(planId, reference);
      // Today's standing is not shown under a date that could not be read: it would be taken for the answer.
      return this.showAction(request, response, caller, plan, action, undefined, clocks, formErrors(clocks.problems, CLOCK_FIELDS), 400, plan.reportingPoints, NOTHING_SHOWN);
    }
    const viewingThePast = !!(clocks.asOf || clocks.knownAt);
    const now = viewingThePast ? await this.reads.plan(planId) : undefined;
    let found: { plan: PlanSnapshot; action: ActionSnapshot };
    try {
      found = await this.reads.action(planId, reference, clocks.asOf, clocks.knownAt);
    } catch (error) {
      if (!now || !(error instanceof InvalidInput || error instanceof NotFound)) throw error;
      // A date the plan or the action did not exist on yet. Its heading is today's (the page needs one), but nothing of
      // today's standing is shown beneath: an inspector who asked for an earlier moment must not read today's figures as then.
      const current = await this.reads.action(planId, reference);
      if (error instanceof NotFound && clocks.knownAt) {
        // "As recorded at" before the action was recorded is an answer, not a mistake: nothing was on record then.
        // A day alone is "by the end of that day", said as the inspector asked it; a time, to the minute in UK time.
        const by = /^\d{4}-\d{2}-\d{2}$/.test(clocks.knownAt) ? `the end of ${displayDate(clocks.knownAt)}` : displayDateTime(readReportClocks(undefined, clocks.knownAt).knownAt);
        const nothingThen = `Nothing about action ${reference} had been recorded by ${by}.`;
        return this.showAction(request, response, caller, current.plan, current.action, undefined, clocks, undefined, 200, now.reportingPoints, nothingThen);
      }
      const problems = error instanceof InvalidInput ? error.problems.map((p) => ({ field: p.field === 'knownAt' ? 'knownAt' : 'asOf', message: p.message })) : [{ field: clocks.knownAt && !clocks.asOf ? 'knownAt' : 'asOf', message: error.message }];
      return this.showAction(request, response, caller, current.plan, current.action, undefined, clocks, formErrors(problems, CLOCK_FIELDS), 400, now.reportingPoints, NOTHING_SHOWN);
    }
    const { plan, action } = found;
    // The plan query has turned a board date's label into an instant; the history takes that instant.
    const history = await this.reads.query<RatingHistory>(new GetRatingHistory(planId, reference, plan.asOf, plan.knownAt));
    this.showAction(request, response, caller, plan, action, history, clocks, undefined, 200, (now ?? plan).reportingPoints);
  }

  private showAction(
    request: WebRequest,
    response: Response,
    caller: ActorRef,
    plan: PlanSnapshot,
    action: ActionSnapshot,
    history: RatingHistory | undefined,
    clocks: { asOf?: string; knownAt?: string },
    errors: FormErrors | undefined,
    status: number,
    boardDates: { label: string; date: string }[],
    nothingThen?: string,
  ) {
    const q = clockQuery(clocks);
    const self = actionHref(plan.planId, action.reference);
    const open = action.status === 'open';
    const maySignOff = caller.role === plan.signOffRole;
    const recorded = typeof request.query.recorded === 'string' ? RECORDED[request.query.recorded] : undefined;
    const priority = plan.priorities.find((p) => p.number === action.priorityNumber);
    this.pages.render(
      request,
      response,
      'action.njk',
      {
        pageTitle: `Action ${action.reference} – ${plan.title}`,
        now: plan,
        plan,
        action,
        priority,
        history,
        recorded,
        errors: errors ?? { summary: [], byField: {} },
        ...scaleHelpers(plan),
        clock: clockView(boardDates, clocks, caller.role, self),
        viewingThePast: !!(clocks.asOf || clocks.knownAt),
        nothingThen,
        // Auditors and inspectors ask for proofs by event id, so each history entry shows its own; others see the entry alone.
        showEventIds: (EVENT_BUNDLE_READERS as readonly string[]).includes(caller.role),
        ratingChart: history ? ratingOverTime(history, plan.scale) : undefined,
        links: {
          plan: planHref(plan.planId, '', q),
          rate: open && mayRate(caller) ? `${self}/rating` : undefined,
          evidence: open && mayRate(caller) ? `${self}/evidence` : undefined,
          signOff: maySignOff && open && action.evidence.some((e) => e.status === 'accepted') ? `${self}/sign-off` : undefined,
          review: (evidenceId: string) => (maySignOff ? `${self}/evidence/${encodeURIComponent(evidenceId)}/review` : undefined),
        },
        // The forms for this action's other commands, for those who may use them (action-forms.controller.ts); none when looking at the past.
        forms: clocks.asOf || clocks.knownAt ? undefined : actionFormLinks(plan, action, caller),
        // A completed action cannot be rated: a rater is told why, and how to reopen it.
        completedForRater: action.status === 'completed' && mayRate(caller),
        downloads: { base: `/api/plans/${encodeURIComponent(plan.planId)}/reports/history`, query: clockQuery({ asOf: history?.asOf, knownAt: clocks.knownAt ? history?.knownAt : undefined }, { ref: action.reference }) },
        // The whole stream as recorded by the page's knownAt, with proofs an inspector checks offline (tools/verify-export.js).
        proofBundle: `/api/audit/bundles/actions/${encodeURIComponent(plan.planId)}/${encodeURIComponent(action.reference)}${clocks.knownAt && history ? `?knownAt=${encodeURIComponent(history.knownAt)}` : ''}`,
        // Auditors and inspectors check entries one by one: each gets its own bundle link.
        eventBundle: (EVENT_BUNDLE_READERS as readonly string[]).includes(caller.role) ? (eventId: string) => `/api/audit/bundles/events/${encodeURIComponent(eventId)}` : undefined,
      },
      status,
    );
  }
}
