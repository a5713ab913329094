import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { AcceptEvidenceCommand, RejectEvidenceCommand, SignOffCompletionCommand } from '../commands';
import { NotFound, NotPermitted } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { effectiveDate, given } from './form-fields';
import { FieldDescription, formErrors, textField } from './form-errors';
import { carriedDate, effectiveDateProblems } from './check-first';
import { requireCsrf } from './csrf';
import { displayDate, DateParts } from './web-dates';
import { actionHref, PlanReads, scaleHelpers } from './plan-reads';
import { ragStylesheetHref } from './rag-colours';
import { roleName } from './role-names';
import { required, sendForm } from './send-form';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';
import { QUEUES, queueNamed, signOffWork } from './work-queues';
import { RECORDED } from './action-pages.controller';

/** The success banner a queue shows after a decision, from ?recorded=… (a fixed message, never text from the address). */
export function recordedBanner(request: WebRequest): string | undefined {
  const key = request.query.recorded;
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(RECORDED, key) ? RECORDED[key] : undefined;
}

const REVIEW_FIELDS: Record<string, FieldDescription> = {
  decision: { anchor: 'decision', label: 'Your decision', whenMissing: 'Select whether you accept or reject the evidence' },
  commentary: { anchor: 'commentary', label: 'Your comments' },
  reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter the reason the evidence is rejected' },
};

const SIGN_OFF_FIELDS: Record<string, FieldDescription> = {
  commentary: { anchor: 'commentary', label: 'Your comments' },
  effectiveAt: { anchor: 'effectiveAt-day', label: 'The date it was signed off' },
  reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter the reason' },
};

function requireSignOffRole(plan: PlanSnapshot, caller: ActorRef, doing: string): void {
  if (caller.role !== plan.signOffRole) {
    throw new NotPermitted(`${caller.id} (${roleName(caller.role)}) may not ${doing}; in this plan only the ${roleName(plan.signOffRole)} may`);
  }
}

/** The sign-off role's work: evidence waiting for review, accept or reject it, sign actions off as completed. */
@Controller()
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class ReviewPagesController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get('review')
  async queue(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const plans = await Promise.all((await this.reads.planIds()).map((id) => this.reads.plan(id)));
    const queues = plans.map((plan) => ({ plan, signOffRoleName: roleName(plan.signOffRole), ...scaleHelpers(plan), ...signOffWork(plan, caller, 'review') }));
    // The plans the caller reviews come first.
    queues.sort((a, b) => Number(b.mine) - Number(a.mine));
    const total = queues.reduce((n, q) => n + q.awaiting.length, 0);
    this.pages.render(request, response, 'review.njk', {
      pageTitle: 'Evidence waiting for review',
      queues,
      total,
      recorded: recordedBanner(request),
      // One stylesheet for every plan's colours.
      ragStylesheet: ragStylesheetHref({ name: 'all plans', codes: plans.flatMap((p) => p.scale.codes) }),
      youReview: queues.some((q) => q.mine),
    });
  }

  @Get('plans/:planId/actions/:reference/evidence/:evidenceId/review')
  async reviewForm(
    @Param('planId') planId: string,
    @Param('reference') reference: string,
    @Param('evidenceId') evidenceId: string,
    @Req() request: WebRequest,
    @Res() response: Response,
    @Caller() caller: ActorRef,
  ) {
    await this.showReviewForm(request, response, caller, planId, reference, evidenceId, { from: queueNamed(request.query.from) });
  }

  @Post('plans/:planId/actions/:reference/evidence/:evidenceId/review')
  async review(
    @Param('planId') planId: string,
    @Param('reference') reference: string,
    @Param('evidenceId') evidenceId: string,
    @Body() body: unknown,
    @Req() request: WebRequest,
    @Res() response: Response,
    @Caller() caller: ActorRef,
  ) {
    const decision = textField(body, 'decision');
    const from = queueNamed(textField(body, 'from'));
    const values = { from, decision: decision === 'accept' || decision === 'reject' ? decision : undefined, commentary: textField(body, 'commentary'), reason: textField(body, 'reason') };
    const problems = [...required({ decision: values.decision }), ...(values.decision === 'reject' ? required({ reason: values.reason }) : [])];
    const step = textField(body, 'step');
    if (step !== 'confirm') {
      requireCsrf(request, body);
      if (step === 'change') return this.showReviewForm(request, response, caller, planId, reference, evidenceId, values);
      if (problems.length > 0) return this.showReviewForm(request, response, caller, planId, reference, evidenceId, { ...values, errors: formErrors(problems, REVIEW_FIELDS) }, 400);
      return this.checkReview(request, response, caller, planId, reference, evidenceId, values);
    }
    await sendForm({
      request,
      response,
      fields: REVIEW_FIELDS,
      problems,
      send: () =>
        values.decision === 'accept'
          ? this.reads.send(AcceptEvidenceCommand, { planId, reference, evidenceId, ...given({ commentary: values.commentary }) }, caller)
          : this.reads.send(RejectEvidenceCommand, { planId, reference, evidenceId, reason: values.reason }, caller),
      // Back to the queue the reviewer came from, with the next item in view, not to the action.
      done: `${QUEUES[from ?? 'review']}?recorded=${values.decision === 'accept' ? 'accepted' : 'rejected'}`,
      showAgain: (errors, status) => this.showReviewForm(request, response, caller, planId, reference, evidenceId, { ...values, errors }, status),
    });
  }

  /** "Check your answers" before the decision is recorded for good; the queue the reviewer came from is carried through. */
  private async checkReview(request: WebRequest, response: Response, caller: ActorRef, planId: string, reference: string, evidenceId: string, values: { from?: string; decision?: string; commentary?: string; reason?: string }) {
    const { plan, action } = await this.reads.action(planId, reference);
    requireSignOffRole(plan, caller, 'review evidence');
    const evidence = action.evidence.find((e) => e.evidenceId === evidenceId);
    if (!evidence) throw new NotFound(`Action ${reference} has no evidence ${evidenceId}`);
    const accept = values.decision === 'accept';
    const href = `${actionHref(planId, reference)}/evidence/${encodeURIComponent(evidenceId)}/review`;
    this.pages.render(request, response, 'check-answers.njk', {
      pageTitle: `Check your answers – review evidence for action ${reference}`,
      heading: `Review evidence for action ${reference}`,
      now: plan,
      answers: [
        { key: 'Evidence', value: evidence.title },
        { key: 'Your decision', value: accept ? 'Accept it' : 'Reject it' },
        accept ? { key: 'Your comments', value: values.commentary ?? 'None given' } : { key: 'Why it is rejected', value: values.reason },
      ],
      impacts: [],
      carry: { decision: values.decision, commentary: values.commentary ?? '', reason: values.reason ?? '', ...(values.from ? { from: values.from } : {}) },
      button: 'Record the decision',
      formAction: href,
      back: values.from ? `${href}?from=${values.from}` : href,
      ...scaleHelpers(plan),
    });
  }

  private async showReviewForm(request: WebRequest, response: Response, caller: ActorRef, planId: string, reference: string, evidenceId: string, values: Record<string, unknown>, status = 200) {
    const { plan, action } = await this.reads.action(planId, reference);
    requireSignOffRole(plan, caller, 'review evidence');
    const evidence = action.evidence.find((e) => e.evidenceId === evidenceId);
    if (!evidence) throw new NotFound(`Action ${reference} has no evidence ${evidenceId}`);
    this.pages.render(
      request,
      response,
      'review-evidence.njk',
      { pageTitle: `Review evidence for action ${action.reference}`, now: plan, plan, action, evidence, back: QUEUES[queueNamed(values.from) ?? 'review'], backText: values.from === 'your-work' ? 'Back to your work' : 'Back to evidence waiting for review', actionHref: actionHref(planId, reference), ...scaleHelpers(plan), errors: { summary: [], byField: {} }, ...values },
      status,
    );
  }

  @Get('plans/:planId/actions/:reference/sign-off')
  async signOffForm(@Param('planId') planId: string, @Param('reference') reference: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showSignOffForm(request, response, caller, planId, reference, { from: queueNamed(request.query.from) });
  }

  @Post('plans/:planId/actions/:reference/sign-off')
  async signOff(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const effective = effectiveDate(body);
    const from = queueNamed(textField(body, 'from'));
    const values = { from, commentary: textField(body, 'commentary'), reason: textField(body, 'reason'), effectiveBoxes: effective.boxes };
    const problems = effective.problem ? [effective.problem] : [];
    const step = textField(body, 'step');
    if (step !== 'confirm') {
      requireCsrf(request, body);
      if (step === 'change') return this.showSignOffForm(request, response, caller, planId, reference, values);
      const found = problems.length > 0 ? problems : effectiveDateProblems(effective.iso, values.reason);
      if (found.length > 0) return this.showSignOffForm(request, response, caller, planId, reference, { ...values, errors: formErrors(found, SIGN_OFF_FIELDS) }, 400);
      return this.checkSignOff(request, response, caller, planId, reference, values, effective.iso);
    }
    await sendForm({
      request,
      response,
      fields: SIGN_OFF_FIELDS,
      problems,
      send: () =>
        this.reads.send(SignOffCompletionCommand, { planId, reference, ...given({ commentary: values.commentary, effectiveAt: effective.iso, reason: values.reason }) }, caller),
      done: `${QUEUES[from ?? 'review']}?recorded=signed-off`,
      showAgain: (errors, status) => this.showSignOffForm(request, response, caller, planId, reference, { ...values, errors }, status),
    });
  }

  /** "Check your answers" before an action is recorded as completed. */
  private async checkSignOff(request: WebRequest, response: Response, caller: ActorRef, planId: string, reference: string, values: { from?: string; commentary?: string; reason?: string; effectiveBoxes: DateParts }, iso: string | undefined) {
    const { plan, action } = await this.reads.action(planId, reference);
    requireSignOffRole(plan, caller, 'sign off completion');
    const href = `${actionHref(planId, reference)}/sign-off`;
    this.pages.render(request, response, 'check-answers.njk', {
      pageTitle: `Check your answers – sign off action ${reference}`,
      heading: `Sign off action ${reference} as completed`,
      now: plan,
      answers: [
        { key: 'Action', value: `${action.reference} ${action.title}` },
        { key: 'Accepted evidence', value: action.evidence.filter((e) => e.status === 'accepted').map((e) => e.title).join('; ') || 'None' },
        { key: 'Your comments', value: values.commentary ?? 'None given' },
        { key: 'Signed off on', value: iso ? displayDate(iso) : 'Today, when recorded' },
        ...(values.reason ? [{ key: 'Reason for the earlier date', value: values.reason }] : []),
      ],
      impacts: [],
      carry: { commentary: values.commentary ?? '', reason: values.reason ?? '', ...carriedDate(values.effectiveBoxes), ...(values.from ? { from: values.from } : {}) },
      button: 'Sign off as completed',
      formAction: href,
      back: values.from ? `${href}?from=${values.from}` : href,
      ...scaleHelpers(plan),
    });
  }

  private async showSignOffForm(request: WebRequest, response: Response, caller: ActorRef, planId: string, reference: string, values: Record<string, unknown>, status = 200) {
    const { plan, action } = await this.reads.action(planId, reference);
    requireSignOffRole(plan, caller, 'sign off completion');
    this.pages.render(
      request,
      response,
      'sign-off.njk',
      {
        pageTitle: `Sign off action ${action.reference} as completed`,
        now: plan,
        plan,
        action,
        accepted: action.evidence.filter((e) => e.status === 'accepted'),
        minimumHold: plan.minimumHold,
        back: actionHref(planId, reference),
        ...scaleHelpers(plan),
        errors: { summary: [], byField: {} },
        ...values,
      },
      status,
    );
  }
}
