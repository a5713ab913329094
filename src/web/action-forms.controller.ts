import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../auth/public.decorator';
import { rolesFor } from '../domain/action/action.guard';
import { resolveEffectiveTime } from '../domain/effective-date';
import { FieldProblem, InvalidInput, NotFound, NotPermitted } from '../domain/errors';
import { requirePlanAccess } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { CommandResult } from '../commands';
import { GetRatingHistory } from '../projections/rating-history/get-rating-history.query';
import { RatingHistory } from '../projections/rating-history/rating-history';
import { validatedInput } from '../validation/validated-input';
import { ACTION_FORMS, ActionFormSpec, ADD_ACTION_FORM, ERASE_EVIDENCE_FORM, fieldNames, FormContext, MILESTONE_STATUS_FORM, ReadForm } from './action-forms';
import { BoardDateImpact, reportedFiguresChangedBy } from './board-date-impact';
import { requireCsrf } from './csrf';
import { formErrors, FormErrors, textField } from './form-errors';
import { actionHref, PlanReads, planHref, scaleHelpers } from './plan-reads';
import { pageWords } from './plan-words-view';
import { roleName } from './role-names';
import { sendForm } from './send-form';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

const SLUGS = Object.keys(ACTION_FORMS);
const NO_ERRORS: FormErrors = { summary: [], byField: {} };
type Raw = Record<string, string>;

/** Whether the caller's role may send this form's command on this plan: the domain's own table of who may do what. */
export function mayUse(spec: ActionFormSpec, ctx: Pick<FormContext, 'plan' | 'caller'>): boolean {
  return rolesFor(spec.type, ctx.plan).includes(ctx.caller.role) && (!ctx.caller.plans || ctx.caller.plans.includes(ctx.plan.planId));
}

/**
 * The forms for one action's commands (add, amend, withdraw, reopen, correct a rating, assess
 * the criteria, milestones, lawful erasure), each in three steps: the form; "Check your
 * answers", which says which figures already reported to the board a rating would change;
 * and, once recorded, a confirmation page. Nothing is recorded before the check page's
 * button, and then exactly one command goes through the CommandBus as the signed-in caller,
 * whose refusal stays the judge.
 */
@Controller('plans/:planId')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class ActionFormsController {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  @Get('add-action')
  async addForm(@Param('planId') planId: string, @Query('priority') priority: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const ctx = { plan: await this.reads.plan(planId), caller, ...(typeof priority === 'string' ? { priority } : {}) };
    await this.showStart(ADD_ACTION_FORM, ctx, request, response);
  }

  @Post('add-action')
  async addPost(@Param('planId') planId: string, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.post(ADD_ACTION_FORM, { plan: await this.reads.plan(planId), caller }, body, request, response);
  }

  @Get('add-action/done')
  async addDone(@Param('planId') planId: string, @Query() query: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showDone(ADD_ACTION_FORM, { plan: await this.reads.plan(planId), caller }, query, request, response);
  }

  @Get('actions/:reference/milestones/:milestoneId/status')
  async milestoneForm(@Param() p: Record<string, string>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showStart(MILESTONE_STATUS_FORM, await this.context(MILESTONE_STATUS_FORM, p, caller), request, response);
  }

  @Post('actions/:reference/milestones/:milestoneId/status')
  async milestonePost(@Param() p: Record<string, string>, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.post(MILESTONE_STATUS_FORM, await this.context(MILESTONE_STATUS_FORM, p, caller), body, request, response);
  }

  @Get('actions/:reference/milestones/:milestoneId/status/done')
  async milestoneDone(@Param() p: Record<string, string>, @Query() query: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showDone(MILESTONE_STATUS_FORM, await this.context(MILESTONE_STATUS_FORM, p, caller), query, request, response);
  }

  @Get('actions/:reference/evidence/:evidenceId/erase')
  async eraseForm(@Param() p: Record<string, string>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showStart(ERASE_EVIDENCE_FORM, await this.context(ERASE_EVIDENCE_FORM, p, caller), request, response);
  }

  @Post('actions/:reference/evidence/:evidenceId/erase')
  async erasePost(@Param() p: Record<string, string>, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.post(ERASE_EVIDENCE_FORM, await this.context(ERASE_EVIDENCE_FORM, p, caller), body, request, response);
  }

  @Get('actions/:reference/evidence/:evidenceId/erase/done')
  async eraseDone(@Param() p: Record<string, string>, @Query() query: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.showDone(ERASE_EVIDENCE_FORM, await this.context(ERASE_EVIDENCE_FORM, p, caller), query, request, response);
  }

  // Each form's address spelled out (not "actions/:reference/:form"), so no other page's address under an action is taken.
  @Get(SLUGS.map((slug) => `actions/:reference/${slug}`))
  async actionForm(@Param() p: Record<string, string>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const spec = specOf(request.path);
    await this.showStart(spec, await this.context(spec, p, caller), request, response);
  }

  @Post(SLUGS.map((slug) => `actions/:reference/${slug}`))
  async actionPost(@Param() p: Record<string, string>, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const spec = specOf(request.path);
    await this.post(spec, await this.context(spec, p, caller), body, request, response);
  }

  @Get(SLUGS.map((slug) => `actions/:reference/${slug}/done`))
  async actionDone(@Param() p: Record<string, string>, @Query() query: Record<string, unknown>, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const spec = specOf(request.path.replace(/\/done$/, ''));
    await this.showDone(spec, await this.context(spec, p, caller), query, request, response);
  }

  /** The plan, the action and the item the address names; a name that is not on record is a 404. */
  private async context(spec: ActionFormSpec, p: Record<string, string>, caller: ActorRef): Promise<FormContext> {
    const { plan, action } = await this.reads.action(p.planId, p.reference);
    const ctx: FormContext = { plan, action, caller };
    if (p.milestoneId !== undefined) {
      if (!action.milestones.some((m) => m.milestoneId === p.milestoneId)) throw new NotFound(`Action ${action.reference} has no such milestone`);
      ctx.milestoneId = p.milestoneId;
    }
    if (p.evidenceId !== undefined) {
      if (!action.evidence.some((e) => e.evidenceId === p.evidenceId)) throw new NotFound(`Action ${action.reference} has no such evidence`);
      ctx.evidenceId = p.evidenceId;
    }
    if (spec.type === 'CorrectRating') ctx.history = await this.reads.query<RatingHistory>(new GetRatingHistory(p.planId, p.reference));
    return ctx;
  }

  /** Refused up front for a role the command is not for, in the words the domain would use; the domain refuses the post too. */
  private requireAllowed(spec: ActionFormSpec, ctx: FormContext): void {
    requirePlanAccess(ctx.caller, ctx.plan.planId);
    if (mayUse(spec, ctx)) return;
    const who = rolesFor(spec.type, ctx.plan).map(roleName).join(' or the ');
    throw new NotPermitted(`${ctx.caller.id} (${roleName(ctx.caller.role)}) may not ${spec.heading(ctx).replace(/^./, (c) => c.toLowerCase())}; only the ${who} may`);
  }

  private async showStart(spec: ActionFormSpec, ctx: FormContext, request: WebRequest, response: Response) {
    this.requireAllowed(spec, ctx);
    if (this.showNotOffered(spec, ctx, request, response, 200)) return;
    this.showForm(spec, ctx, spec.initial?.(ctx) ?? {}, NO_ERRORS, 200, request, response);
  }

  private async post(spec: ActionFormSpec, ctx: FormContext, body: unknown, request: WebRequest, response: Response) {
    requireCsrf(request, body);
    this.requireAllowed(spec, ctx);
    if (this.showNotOffered(spec, ctx, request, response, 409)) return;
    const fields = spec.fields(ctx);
    const raw: Raw = Object.fromEntries(fieldNames(fields).map((name) => [name, rawText(body, name)]));
    const step = textField(body, 'step');
    if (step === 'change') return this.showForm(spec, ctx, raw, NO_ERRORS, 200, request, response);
    const read = spec.read(raw, ctx);
    const problems = read.problems.length > 0 ? read.problems : this.precheck(spec, ctx, read);
    if (problems.length > 0) return this.showForm(spec, ctx, raw, formErrors(problems, spec.descriptions), 400, request, response);
    if (step !== 'confirm') return this.showCheck(spec, ctx, raw, read, request, response);
    const added = spec.type === 'AddAction' ? `reference=${encodeURIComponent(String(read.input.reference))}&` : '';
    await sendForm({
      request,
      response,
      fields: spec.descriptions,
      problems: [],
      send: () => this.reads.send(spec.command, { planId: ctx.plan.planId, ...(ctx.action ? { reference: ctx.action.reference } : {}), ...read.input }, ctx.caller),
      // The confirmation names the entry recorded (its first event), and shows it only once it is on record.
      done: (recorded) => `${formHref(spec, ctx)}/done?${added}entry=${encodeURIComponent((recorded as CommandResult).events[0].eventId)}`,
      showAgain: (errors, status) => this.showForm(spec, ctx, raw, errors, status, request, response),
    });
  }

  /**
   * What the command would refuse for its fields or its date, found before the check page so the
   * form is still open to put it right. The rules of the plan (a reference already used, a rating
   * not on the scale) are the decider's, and come back from the post itself.
   */
  private precheck(spec: ActionFormSpec, ctx: FormContext, read: ReadForm): FieldProblem[] {
    const fields = { planId: ctx.plan.planId, ...(ctx.action ? { reference: ctx.action.reference } : {}), ...read.input };
    try {
      validatedInput(spec.inputClass, fields);
      if (read.input.effectiveAt !== undefined) {
        const resolved = resolveEffectiveTime(String(read.input.effectiveAt), read.input.reason as string | undefined, new Date());
        if (read.rating && read.rating.correctsEventId === undefined) read.rating.effectiveAt = resolved.effectiveAt;
      }
    } catch (error) {
      if (error instanceof InvalidInput) return error.problems;
      throw error;
    }
    return [];
  }

  private showNotOffered(spec: ActionFormSpec, ctx: FormContext, request: WebRequest, response: Response, status: number): boolean {
    const why = spec.whyNot?.(ctx);
    if (!why) return false;
    this.pages.render(request, response, 'form-not-offered.njk', { pageTitle: spec.heading(ctx), heading: spec.heading(ctx), why, now: ctx.plan, back: backHref(ctx) }, status);
    return true;
  }

  private showForm(spec: ActionFormSpec, ctx: FormContext, values: Raw, errors: FormErrors, status: number, request: WebRequest, response: Response) {
    this.pages.render(
      request,
      response,
      'action-form.njk',
      { pageTitle: spec.heading(ctx), heading: spec.heading(ctx), now: ctx.plan, plan: ctx.plan, action: ctx.action, fields: spec.fields(ctx), values, errors, back: backHref(ctx), formAction: formHref(spec, ctx), ...scaleHelpers(ctx.plan) },
      status,
    );
  }

  private async showCheck(spec: ActionFormSpec, ctx: FormContext, raw: Raw, read: ReadForm, request: WebRequest, response: Response) {
    const impacts = read.rating ? await this.impactOf(ctx, read.rating) : [];
    this.pages.render(request, response, 'check-answers.njk', {
      pageTitle: `Check your answers – ${spec.heading(ctx)}`,
      heading: spec.heading(ctx),
      now: ctx.plan,
      answers: read.rows,
      impacts,
      carry: raw,
      button: spec.button,
      formAction: formHref(spec, ctx),
      back: formHref(spec, ctx),
      ...scaleHelpers(ctx.plan),
    });
  }

  private impactOf(ctx: FormContext, rating: NonNullable<ReadForm['rating']>): Promise<BoardDateImpact[]> {
    return reportedFiguresChangedBy(this.reads, ctx.plan, rating);
  }

  private async showDone(spec: ActionFormSpec, ctx: FormContext, query: Record<string, unknown>, request: WebRequest, response: Response) {
    const strings = Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const reference = ctx.action?.reference ?? strings.reference;
    // Only what is on record is confirmed: the entry named must be in the action's history.
    const history = reference ? await this.reads.query<RatingHistory>(new GetRatingHistory(ctx.plan.planId, reference)) : undefined;
    const entry = history?.entries.find((e) => e.eventId === strings.entry);
    if (!entry) throw new NotFound(`There is no such entry on record for ${pageWords(ctx.plan).item} ${reference ?? ''}`);
    const panel = spec.panel(ctx, strings);
    const next = actionHref(ctx.plan.planId, reference);
    this.pages.render(request, response, 'form-done.njk', { pageTitle: panel.title, panel, entry, now: ctx.plan, next, entryHref: `${next}#event-${entry.eventId}`, nextText: `Go to ${pageWords(ctx.plan).item} ${reference}`, plan: planHref(ctx.plan.planId) });
  }
}

function specOf(path: string): ActionFormSpec {
  const slug = /\/([^/]+)$/.exec(path)?.[1] ?? '';
  const spec = ACTION_FORMS[slug];
  if (!spec) throw new NotFound('No such form');
  return spec;
}

/** The form's own address: where it posts and where its check page posts. */
export function formHref(spec: ActionFormSpec, ctx: Pick<FormContext, 'plan' | 'action' | 'milestoneId' | 'evidenceId'>): string {
  if (!ctx.action) return planHref(ctx.plan.planId, spec.slug);
  const action = actionHref(ctx.plan.planId, ctx.action.reference);
  if (ctx.milestoneId !== undefined) return `${action}/milestones/${encodeURIComponent(ctx.milestoneId)}/${spec.slug}`;
  if (ctx.evidenceId !== undefined) return `${action}/evidence/${encodeURIComponent(ctx.evidenceId)}/${spec.slug}`;
  return `${action}/${spec.slug}`;
}

const backHref = (ctx: FormContext) => (ctx.action ? actionHref(ctx.plan.planId, ctx.action.reference) : planHref(ctx.plan.planId));

/** A box as typed (untrimmed, so what comes back is what was typed); anything but a string is nothing. */
function rawText(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** The action page's way to each form, for the roles that may use it, while it applies to the action as it stands. */
export function actionFormLinks(plan: FormContext['plan'], action: NonNullable<FormContext['action']>, caller: ActorRef) {
  const ctx: FormContext = { plan, action, caller };
  const offered = (spec: ActionFormSpec, more: Partial<FormContext> = {}) => {
    const c = { ...ctx, ...more };
    // The correction form's own check needs the history; here a rating on record is enough to offer it.
    const why = spec.type === 'CorrectRating' ? (action.rating ? undefined : 'unrated') : spec.whyNot?.(c);
    return mayUse(spec, c) && !why ? formHref(spec, c) : undefined;
  };
  return {
    amend: action.status === 'withdrawn' ? undefined : offered(ACTION_FORMS.amend),
    withdraw: offered(ACTION_FORMS.withdraw),
    reopen: offered(ACTION_FORMS.reopen),
    correctRating: action.status === 'withdrawn' ? undefined : offered(ACTION_FORMS['correct-rating']),
    criteria: offered(ACTION_FORMS.criteria),
    addMilestone: offered(ACTION_FORMS['add-milestone']),
    addAction: mayUse(ADD_ACTION_FORM, ctx) ? `${planHref(plan.planId, ADD_ACTION_FORM.slug)}?priority=${action.priorityNumber}` : undefined,
    milestoneStatus: (milestoneId: string) => offered(MILESTONE_STATUS_FORM, { milestoneId }),
    erase: (evidenceId: string) => offered(ERASE_EVIDENCE_FORM, { evidenceId }),
  };
}

/** Who may reopen a completed action, for the pages that say "reopen it" instead of offering a rating. */
export function mayReopen(plan: FormContext['plan'], caller: ActorRef): boolean {
  return mayUse(ACTION_FORMS.reopen, { plan, caller });
}
