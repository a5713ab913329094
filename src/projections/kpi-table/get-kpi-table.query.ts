import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { KpiFactsReader } from './kpi-facts.reader';
import { KpiTable } from './kpi-table';

/** The KPI table at a date: previous and current figure, target, direction of travel, RAG. */
export class GetKpiTable {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetKpiTable)
export class GetKpiTableHandler implements IQueryHandler<GetKpiTable, KpiTable> {
  constructor(
    private readonly plans: PlanSnapshots,
    private readonly kpis: KpiFactsReader,
  ) {}

  async execute(query: GetKpiTable): Promise<KpiTable> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    // The plan as then: a 404 for a plan not on record, and its priorities' titles as then.
    const plan = await this.plans.ratingsAt(query.planId, asOf, knownAt);
    return this.kpis.tableAt(plan, asOf, knownAt);
  }
}
