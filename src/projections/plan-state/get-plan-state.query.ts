import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { PlanSnapshots } from '../shared/plan-snapshots.service';

/** Report 1: the plan as it stood — priorities, actions, ratings, evidence, milestones. */
export class GetPlanState {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetPlanState)
export class GetPlanStateHandler implements IQueryHandler<GetPlanState, PlanSnapshot> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetPlanState): Promise<PlanSnapshot> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    return this.plans.at(query.planId, asOf, knownAt);
  }
}
