import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { ratingsAtTwoDates } from '../shared/two-dates';
import { previousVsCurrent, PreviousVsCurrent } from './previous-vs-current';

/** Report 3: per priority, the actions whose rating changed between two dates, and those red or amber at the later one. */
export class GetPreviousVsCurrent {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetPreviousVsCurrent)
export class GetPreviousVsCurrentHandler implements IQueryHandler<GetPreviousVsCurrent, PreviousVsCurrent> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetPreviousVsCurrent): Promise<PreviousVsCurrent> {
    const { first, second, labels } = await ratingsAtTwoDates(this.plans, query);
    return previousVsCurrent(first, second, labels);
  }
}
