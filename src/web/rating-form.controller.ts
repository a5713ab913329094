import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { ChangeRatingCommand } from '../commands';
import { ratingCodes } from '../domain/rag-scale';
import { ActorRef } from '../domain/roles';
import { FieldDescription, formErrors, textField } from './form-errors';
import { carriedDate, effectiveDateProblems } from './check-first';
import { EFFECTIVE_FIELDS, effectiveDate, given, requireRater } from './form-fields';
import { actionHref, PlanReads, scaleHelpers } from './plan-reads';
import { required, sendForm } from './send-form';
import { WebErrorFilter } from './web-error.filter';
import { reportedFiguresChangedBy } from './board-date-impact';
import { requireCsrf } from './csrf';
import { resolveEffectiveTime } from '../domain/effective-date';
import { DateParts, displayDate } from './web-dates';
import { mayReopen } from './action-forms.controller';
import { roleName } from './role-names';
import { WebPages, WebRequest } from './web-pages';

const RATING_FIELDS: Record<string, FieldDescription> = {
  code: { anchor: 'code', label: 'The rating', whenMissing: 'Select a rating' },
  commentary: { anchor: 'commentary', label: 'The update from the service' },
  ...EFFECTIVE_FIELDS,
};

/** A lead or the board rates an action: the code, the "update from service", when it took effect and why if earlier. */
@Controller('plans/:planId/actions/:reference/rating')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class RatingFormController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async form(@Param('planId') planId: string, @Param('reference') reference: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    requireRater(caller, 'rate an action');
    // A completed or withdrawn action cannot be rated: say so before the form is filled in, and what to do instead.
    const { plan, action } = await this.reads.action(planId, reference);
    if (action.status !== 'open') {
      const back = actionHref(planId, reference);
      const why =
        action.status === 'completed'
          ? `Action ${reference} is completed, so it cannot be rated. To rate it again it must first be reopened, with a reason.`
          : `Action ${reference} was withdrawn, so it can no longer be rated. Add a new action if the work has resumed.`;
      const instead =
        action.status !== 'completed'
          ? undefined
          : mayReopen(plan, caller)
            ? { text: 'You can', link: 'reopen this action', href: `${back}/reopen` }
            : { text: `Ask the ${roleName(plan.signOffRole)} to reopen it, or`, link: 'go back to the action', href: back };
      return this.pages.render(request, response, 'form-not-offered.njk', { pageTitle: `Rate action ${reference}`, heading: 'Rate this action', why, instead, now: plan, back });
    }
    await this.show(request, response, planId, reference, {});
  }

  @Post()
  async rate(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    // Refused up front for a role that may not rate, as the form is, so no check page is shown to it.
    requireRater(caller, 'rate an action');
    const effective = effectiveDate(body);
    const values = { code: textField(body, 'code'), commentary: textField(body, 'commentary'), reason: textField(body, 'reason'), effectiveBoxes: effective.boxes };
    const step = textField(body, 'step');
    if (step === 'change') {
      requireCsrf(request, body);
      return this.show(request, response, planId, reference, values);
    }
    const problems = [...required({ code: values.code }), ...(effective.problem ? [effective.problem] : [])];
    // Every rating pauses on "Check your answers" first; nothing is recorded until its button is pressed.
    if (step !== 'confirm') {
      requireCsrf(request, body);
      const found = problems.length > 0 ? problems : effectiveDateProblems(effective.iso, values.reason);
      if (found.length > 0) return this.show(request, response, planId, reference, { ...values, errors: formErrors(found, RATING_FIELDS) }, 400);
      return this.check(request, response, planId, reference, values, effective.iso);
    }
    await sendForm({
      request,
      response,
      fields: RATING_FIELDS,
      problems,
      send: () => this.reads.send(ChangeRatingCommand, { planId, reference, code: values.code, ...given({ commentary: values.commentary, effectiveAt: effective.iso, reason: values.reason }) }, caller),
      done: `${actionHref(planId, reference)}?recorded=rating`,
      showAgain: (errors, status) => this.show(request, response, planId, reference, { ...values, errors }, status),
    });
  }

  /** The check page: what will be recorded and, for a rating that reaches back before a board date already reported, which of its figures will change. */
  private async check(request: WebRequest, response: Response, planId: string, reference: string, values: { code?: string; commentary?: string; reason?: string; effectiveBoxes: DateParts }, iso: string | undefined): Promise<void> {
    const { plan } = await this.reads.action(planId, reference);
    const effectiveAt = resolveEffectiveTime(iso, values.reason, new Date()).effectiveAt;
    // A code not on the scale is the domain's to refuse on the post; it has no figures to compare.
    const onScale = ratingCodes(plan.scale).some((c) => c.code === values.code);
    const impacts = iso && onScale ? await reportedFiguresChangedBy(this.reads, plan, { reference, code: values.code!, effectiveAt }) : [];
    const href = `${actionHref(planId, reference)}/rating`;
    this.pages.render(request, response, 'check-answers.njk', {
      pageTitle: `Check your answers – rate action ${reference}`,
      heading: `Rate action ${reference}`,
      now: plan,
      answers: [
        { key: 'New rating', value: values.code, ...(onScale ? { code: values.code } : {}) },
        { key: 'Update from the service', value: values.commentary ?? 'None given' },
        { key: 'Takes effect', value: iso ? displayDate(iso) : 'Today, when recorded' },
        ...(values.reason ? [{ key: 'Reason for the earlier date', value: values.reason }] : []),
      ],
      impacts,
      carry: { code: values.code, commentary: values.commentary ?? '', reason: values.reason ?? '', ...carriedDate(values.effectiveBoxes) },
      button: 'Record the rating',
      formAction: href,
      back: href,
      ...scaleHelpers(plan),
    });
  }

  private async show(request: WebRequest, response: Response, planId: string, reference: string, values: Record<string, unknown>, status = 200) {
    const { plan, action } = await this.reads.action(planId, reference);
    this.pages.render(
      request,
      response,
      'rate.njk',
      {
        pageTitle: `Rate action ${action.reference}`,
        plan,
        action,
        codes: ratingCodes(plan.scale),
        back: actionHref(planId, reference),
        ...scaleHelpers(plan),
        errors: { summary: [], byField: {} },
        ...values,
      },
      status,
    );
  }
}
