import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { IssuedBy } from '../commands/shared/issued-by';
import { CommandResult } from '../commands/shared/command-result';
import { ActorRef } from '../domain/roles';
import { PlanFactsReader } from '../projections/plan-facts/plan-facts.reader';
import { ActionSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { Projector } from '../projections/projector/projector.service';
import { GetPlanState } from '../projections/plan-state/get-plan-state.query';
import { NotFound } from '../domain/errors';
import { ragStylesheetHref, ragTag } from './rag-colours';

type CommandType = new (input: unknown, issuedBy: IssuedBy) => object;

/** What the pages read and write, through the buses like every other door. */
@Injectable()
export class PlanReads {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly facts: PlanFactsReader,
    private readonly projector: Projector,
  ) {}

  /**
   * The plan as the pages show it: with its board dates from the day it began, so no date box's
   * list of board dates (plan, action, summary, due pages) offers one an older log holds from
   * before, which every report refuses.
   */
  async plan(planId: string, asOf?: string, knownAt?: string): Promise<PlanSnapshot> {
    const plan: PlanSnapshot = await this.queries.execute(new GetPlanState(planId, asOf, knownAt));
    const reportingPoints = await this.boardDates(plan);
    return reportingPoints.length === plan.reportingPoints.length ? plan : { ...plan, reportingPoints };
  }

  query<T>(query: object): Promise<T> {
    return this.queries.execute(query);
  }

  planIds(): Promise<string[]> {
    return this.facts.planIds(new Date().toISOString());
  }

  /**
   * The plan's board dates from the day it took effect: the ones a report can be read at. An
   * older log may hold one dated earlier (the command now refuses them); offered by default, it
   * would greet every visit to the summary with an error.
   */
  async boardDates(plan: PlanSnapshot): Promise<PlanSnapshot['reportingPoints']> {
    const began = await this.facts.planBegan(plan.planId, plan.knownAt);
    return began === undefined ? plan.reportingPoints : plan.reportingPoints.filter((point) => point.date >= began.slice(0, 10));
  }

  async action(planId: string, reference: string, asOf?: string, knownAt?: string): Promise<{ plan: PlanSnapshot; action: ActionSnapshot }> {
    const plan = await this.plan(planId, asOf, knownAt);
    const action = plan.actions.find((a) => a.reference === reference);
    if (!action) throw new NotFound(`Plan ${planId} has no action ${reference} on record for that date`);
    return { plan, action };
  }

  /**
   * Send a command as the signed-in caller, then wait for the read models to
   * include it, so the page the browser is sent to next shows the change.
   */
  async send(type: CommandType, input: Record<string, unknown>, caller: ActorRef): Promise<CommandResult> {
    const result: CommandResult = await this.commands.execute(new type(input, { actor: { id: caller.id, role: caller.role, ...(caller.plans ? { plans: caller.plans } : {}) }, source: 'api' }));
    await this.projector.caughtUp(5000).catch(() => undefined);
    return result;
  }
}

/** Template helpers that colour codes with the plan's scale. */
export function scaleHelpers(plan: PlanSnapshot) {
  return { rag: (code: string) => ragTag(plan.scale, code), ragStylesheet: ragStylesheetHref(plan.scale) };
}

export const actionHref = (planId: string, reference: string, query = '') =>
  `/plans/${encodeURIComponent(planId)}/actions/${encodeURIComponent(reference)}${query ? `?${query}` : ''}`;
export const planHref = (planId: string, page = '', query = '') => `/plans/${encodeURIComponent(planId)}${page ? `/${page}` : ''}${query ? `?${query}` : ''}`;
