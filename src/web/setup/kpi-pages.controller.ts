import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Caller } from '../../auth/public.decorator';
import { NotFound } from '../../domain/errors';
import { ActorRef } from '../../domain/roles';
import { GetKpiTable } from '../../projections/kpi-table/get-kpi-table.query';
import { KpiTable } from '../../projections/kpi-table/kpi-table';
import { planLinks } from '../plan-page-helpers';
import { PlanReads, planHref } from '../plan-reads';
import { pageWords } from '../plan-words-view';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages, WebRequest } from '../web-pages';
import { FormStep, mayUse, StepContext } from './form-step';
import { KPI_STEPS, periodName, withUnit } from './kpi-steps';
import { StepPages } from './step-pages';

const KPI_RAG_TAG: Record<string, string> = { Green: 'govuk-tag--green', Amber: 'govuk-tag--orange', Red: 'govuk-tag--red' };

/**
 * A plan's KPIs: the table as it stands (the `kpis` report's read model), and the forms to
 * define a KPI (board), give a period's figure and correct one (leads and the board).
 */
@Controller('plans/:planId/kpis')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class KpiPagesController {
  private readonly steps: StepPages;

  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {
    this.steps = new StepPages(reads, pages);
  }

  @Get()
  async table(@Param('planId') planId: string, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const ctx = await this.context(planId);
    const w = ctx.words;
    const rows = ctx.kpis!.kpis.map((k) => ({
      kpiId: k.kpiId,
      group: `${w.Group} ${k.priorityNumber}`,
      name: k.name,
      target: `${withUnit(k.target, k.unit)} (${k.betterWhen} is better${k.amberWithin ? `; Amber within ${withUnit(k.amberWithin, k.unit)}` : ''})`,
      previous: k.previous ? `${withUnit(k.previous.value, k.unit)} (${periodName(k.previous.period)})` : 'None',
      current: k.current ? `${withUnit(k.current.value, k.unit)} (${periodName(k.current.period)})` : 'None yet',
      corrected: k.current?.correction ? `corrected: ${k.current.correction.reason ?? ''}` : '',
      direction: k.direction ?? '',
      rag: k.rag ? { text: k.rag, classes: KPI_RAG_TAG[k.rag] } : undefined,
      figures: k.values.map((f) => ({ period: periodName(f.period), value: withUnit(f.value, k.unit), commentary: f.commentary, corrected: f.correction?.reason })),
    }));
    this.pages.render(request, response, 'kpis.njk', {
      pageTitle: `KPIs – ${ctx.plan!.title}`,
      now: ctx.plan,
      rows,
      asOf: ctx.kpis!.asOf,
      links: planLinks(planId, ''),
      // Each form is offered only to the roles its command allows.
      actions: Object.values(KPI_STEPS)
        .filter((s) => mayUse(s, caller) && (s.slug === 'define' || rows.length > 0) && (s.slug !== 'correct' || rows.some((r) => r.figures.length)))
        .map((s) => ({ href: planHref(planId, `kpis/${s.slug}`), text: s.title(ctx) })),
      report: `/api/plans/${encodeURIComponent(planId)}/reports/kpis`,
    });
  }

  @Get(':step')
  async form(@Param('planId') planId: string, @Param('step') slug: string, @Query() query: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const step = stepNamed(slug);
    this.steps.showForm(request, response, caller, step, await this.context(planId), this.place(planId, step), query);
  }

  @Post(':step')
  async record(@Param('planId') planId: string, @Param('step') slug: string, @Body() body: unknown, @Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    const step = stepNamed(slug);
    await this.steps.post(request, response, caller, step, await this.context(planId), this.place(planId, step), body);
  }

  @Get(':step/recorded')
  async recorded(@Param('planId') planId: string, @Param('step') slug: string, @Req() request: WebRequest, @Res() response: Response) {
    const step = stepNamed(slug);
    this.steps.showRecorded(request, response, step, await this.context(planId), this.place(planId, step));
  }

  private place(planId: string, step: FormStep) {
    return { form: planHref(planId, `kpis/${step.slug}`), back: { href: planHref(planId, 'kpis'), text: 'Back to the KPIs' }, planId };
  }

  private async context(planId: string): Promise<StepContext> {
    const plan = await this.reads.plan(planId);
    const kpis: KpiTable = await this.reads.query(new GetKpiTable(planId));
    return { plan, words: pageWords(plan), kpis };
  }
}

function stepNamed(slug: string): FormStep {
  const step = Object.hasOwn(KPI_STEPS, slug) ? KPI_STEPS[slug] : undefined;
  if (!step) throw new NotFound(`There is no such KPI form: ${slug}`);
  return step;
}
