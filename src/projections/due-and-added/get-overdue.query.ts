import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { overdue, Overdue } from './due-and-added';

/** Report 7: open actions past their due date at a date. */
export class GetOverdue {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetOverdue)
export class GetOverdueHandler implements IQueryHandler<GetOverdue, Overdue> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetOverdue): Promise<Overdue> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    return overdue(await this.plans.at(query.planId, asOf, knownAt));
  }
}
