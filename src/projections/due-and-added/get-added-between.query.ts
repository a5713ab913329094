import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { readClocks } from '../shared/report-time';
import { addedBetween, AddedBetween } from './due-and-added';

/** Report 7: actions added between two dates (the NEW 1..8 rows). */
export class GetAddedBetween {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetAddedBetween)
export class GetAddedBetweenHandler implements IQueryHandler<GetAddedBetween, AddedBetween> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetAddedBetween): Promise<AddedBetween> {
    const { knownAt } = readClocks(undefined, query.knownAt);
    const from = await this.plans.resolveDate(query.planId, query.from, 'from', knownAt);
    const to = await this.plans.resolveDate(query.planId, query.to, 'to', knownAt);
    return addedBetween(await this.plans.at(query.planId, to.asOf, knownAt, { field: 'to', label: to.label }), from.asOf, to.asOf);
  }
}
