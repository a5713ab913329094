import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { dueBy, DueBy } from './due-and-added';

/** Report 6: actions due by a date, grouped completed / on track / delayed. */
export class GetDueBy {
  constructor(
    readonly planId: string,
    readonly dueBy: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetDueBy)
export class GetDueByHandler implements IQueryHandler<GetDueBy, DueBy> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetDueBy): Promise<DueBy> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    const date = (await this.plans.resolveDate(query.planId, query.dueBy, 'dueBy', knownAt)).asOf.slice(0, 10);
    return dueBy(await this.plans.at(query.planId, asOf, knownAt), date);
  }
}
