import { mayUse as mayUseActionForm } from '../action-forms.controller';
import { ADD_ACTION_FORM } from '../action-forms';
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../../auth/public.decorator';
import { NotFound } from '../../domain/errors';
import { ActorRef } from '../../domain/roles';
import { PlanSnapshot } from '../../projections/plan-snapshot/plan-snapshot';
import { GetKpiTable } from '../../projections/kpi-table/get-kpi-table.query';
import { KpiTable } from '../../projections/kpi-table/kpi-table';
import { PlanReads, planHref } from '../plan-reads';
import { pageWords } from '../plan-words-view';
import { planLinks } from '../plan-page-helpers';
import { roleName } from '../role-names';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages, WebRequest } from '../web-pages';
import { FormStep, mayUse, StepContext, Values } from './form-step';
import { CREATE_PLAN, PLAN_STEPS } from './plan-setup-steps';
import { AMEND_GROUP, PLAN_CHANGE_STEPS, UNLINK_ITEM_RECOMMENDATION, UNLINK_RECOMMENDATION } from './plan-change-steps';
import { DEFINE_KPI } from './kpi-steps';
import { StepPages } from './step-pages';

const setupHref = (planId: string, step = '') => planHref(planId, step ? `setup/${step}` : 'setup');

/**
 * Setting up a plan from the pages, as a GOV.UK task list: create the plan, then each part of
 * it (its priorities, board dates, level names, sections, recommendations, owners, KPIs), each
 * a form with check-your-answers and a confirmation. Offered to the board (and an administrator
 * where the command allows); the command's decider is the judge.
 */
@Controller()
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class PlanSetupController {
  private readonly steps: StepPages;

  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {
    this.steps = new StepPages(reads, pages);
  }

  private static readonly NEW_PLAN = { form: '/new-plan', back: { href: '/plans', text: 'Back to the plans' }, done: (values: Values) => setupHref(values.planId ?? '', `${CREATE_PLAN.slug}/recorded`) };

  @Get('new-plan')
  newPlan(@Query() query: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    this.steps.showForm(request, response, caller, CREATE_PLAN, { words: pageWords(undefined) }, PlanSetupController.NEW_PLAN, query);
  }

  @Post('new-plan')
  async createPlan(@Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    await this.steps.post(request, response, caller, CREATE_PLAN, { words: pageWords(undefined) }, PlanSetupController.NEW_PLAN, body);
  }

  @Get('plans/:planId/setup')
  async taskList(@Param('planId') planId: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const ctx = await this.context(planId);
    const plan = ctx.plan!;
    const w = ctx.words;
    const count = (n: number, one: string, many: string) => (n === 0 ? `None yet` : `${n} ${n === 1 ? one : many}`);
    const placed = plan.priorities.filter((p) => p.section !== undefined).length;
    const linked = plan.priorities.filter((p) => p.recommendations?.length).length;
    const owners = plan.actions.filter((a) => a.seniorOwner).length;
    const itemsLinked = plan.actions.filter((a) => a.recommendations?.length).length;
    const mayAddItem = mayUseActionForm(ADD_ACTION_FORM, { plan, caller });
    const tasks: { step?: FormStep; href?: string; title: string; hint: string; done: boolean }[] = [
      { title: 'Create the plan', hint: `${plan.title}, ${plan.council}`, done: true },
      { step: PLAN_STEPS.settings, title: 'Who signs off', hint: `The ${roleName(plan.signOffRole)} signs actions off${plan.separationOfDuties ? '; whoever leads an action cannot sign it off' : ''}${plan.minimumHold ? `; after ${plan.minimumHold.months} months at ${plan.minimumHold.code}` : ''}`, done: true },
      { step: PLAN_STEPS.levels, title: 'Name the levels', hint: `${w.Groups} of ${w.items}`, done: plan.words !== undefined },
      { step: PLAN_STEPS.group, title: `Add ${w.groups}`, hint: count(plan.priorities.length, w.group, w.groups), done: plan.priorities.length > 0 },
      // Adding an item is a form on the action side (its roles are the domain's); linked here so a new plan has a way in.
      { href: mayAddItem ? `${planHref(planId, ADD_ACTION_FORM.slug)}` : undefined, title: `Add ${w.items}`, hint: count(plan.actions.length, w.item, w.items), done: plan.actions.length > 0 },
      { step: PLAN_STEPS['board-date'], title: 'Add board dates', hint: plan.reportingPoints.length ? plan.reportingPoints.map((p) => p.label).join(', ') : 'None yet', done: plan.reportingPoints.length > 0 },
      { step: PLAN_STEPS.section, title: `Add ${w.Section.toLowerCase()}s (if the plan has them)`, hint: count(plan.sections?.length ?? 0, w.Section.toLowerCase(), `${w.Section.toLowerCase()}s`), done: (plan.sections?.length ?? 0) > 0 },
      { step: PLAN_STEPS['place-in-section'], title: `Place ${w.groups} in ${w.Section.toLowerCase()}s`, hint: `${placed} of ${plan.priorities.length} placed`, done: plan.priorities.length > 0 && placed === plan.priorities.length },
      { step: PLAN_STEPS.recommendation, title: 'Record the inspection’s recommendations', hint: count(plan.recommendations?.length ?? 0, 'recommendation', 'recommendations'), done: (plan.recommendations?.length ?? 0) > 0 },
      { step: PLAN_STEPS['link-recommendation'], title: `Link ${w.groups} to recommendations`, hint: `${linked} of ${plan.priorities.length} linked`, done: plan.priorities.length > 0 && linked === plan.priorities.length },
      { step: PLAN_STEPS['link-item-recommendation'], title: `Link ${w.items} to recommendations`, hint: `${itemsLinked} of ${plan.actions.length} linked`, done: plan.actions.length > 0 && itemsLinked === plan.actions.length },
      { step: PLAN_STEPS['senior-owner'], title: `Name senior responsible owners of ${w.items}`, hint: `${owners} of ${plan.actions.length} named`, done: plan.actions.length > 0 && owners === plan.actions.length },
      { step: DEFINE_KPI, href: planHref(planId, 'kpis'), title: 'KPIs', hint: count(ctx.kpis?.kpis.length ?? 0, 'KPI', 'KPIs'), done: (ctx.kpis?.kpis.length ?? 0) > 0 },
    ];
    this.pages.render(request, response, 'setup-tasks.njk', {
      pageTitle: `Set up the plan – ${plan.title}`,
      now: plan,
      items: tasks.map((t) => ({
        title: { text: t.title },
        hint: { text: t.hint },
        // A task is a link only for those who may do it; the rest see where the plan stands.
        href: t.step && mayUse(t.step, caller) ? (t.href ?? setupHref(planId, t.step.slug)) : t.href,
        status: t.done ? { text: 'Completed' } : { tag: { text: 'Not yet', classes: 'govuk-tag--blue' } },
      })),
      back: { href: planHref(planId), text: 'Back to the plan' },
      links: planLinks(planId, ''),
      // Changing or undoing what was set up: offered, like the tasks, only to those who may.
      changes: PLAN_CHANGE_STEPS.filter((s) => mayUse(s, caller) && somethingToChange(s, plan)).map((s) => ({ href: setupHref(planId, s.slug), text: s.title(ctx) })),
    });
  }

  @Get('plans/:planId/setup/:step')
  async form(@Param('planId') planId: string, @Param('step') slug: string, @Query() query: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const step = stepNamed(slug);
    this.steps.showForm(request, response, caller, step, await this.context(planId), this.place(planId, step), query);
  }

  @Post('plans/:planId/setup/:step')
  async record(@Param('planId') planId: string, @Param('step') slug: string, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const step = stepNamed(slug);
    await this.steps.post(request, response, caller, step, await this.context(planId), this.place(planId, step), body);
  }

  @Get('plans/:planId/setup/:step/recorded')
  async recorded(@Param('planId') planId: string, @Param('step') slug: string, @Req() request: WebRequest, @Res() response: Response) {
    const step = slug === CREATE_PLAN.slug ? CREATE_PLAN : stepNamed(slug);
    const place = step === CREATE_PLAN ? { ...PlanSetupController.NEW_PLAN, back: { href: setupHref(planId), text: 'Set up the rest of the plan' } } : this.place(planId, step);
    this.steps.showRecorded(request, response, step, await this.context(planId), place);
  }

  private place(planId: string, step: FormStep) {
    return { form: setupHref(planId, step.slug), back: { href: setupHref(planId), text: 'Back to setting up the plan' }, planId };
  }

  private async context(planId: string): Promise<StepContext> {
    const plan: PlanSnapshot = await this.reads.plan(planId);
    const kpis: KpiTable = await this.reads.query(new GetKpiTable(planId));
    return { plan, words: pageWords(plan), kpis };
  }
}

/** A change is offered once there is something for it to change: a group to amend, a link to remove. */
function somethingToChange(step: FormStep, plan: PlanSnapshot): boolean {
  if (step === AMEND_GROUP) return plan.priorities.length > 0;
  if (step === UNLINK_RECOMMENDATION) return plan.priorities.some((p) => p.recommendations?.length);
  if (step === UNLINK_ITEM_RECOMMENDATION) return plan.actions.some((a) => a.status !== 'withdrawn' && a.recommendations?.length);
  return true;
}

function stepNamed(slug: string): FormStep {
  const step = Object.hasOwn(PLAN_STEPS, slug) ? PLAN_STEPS[slug] : undefined;
  if (!step) throw new NotFound(`There is no such part of setting up a plan: ${slug}`);
  return step;
}
