import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInput, NotFound } from '../../domain/errors';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { readClocks } from '../shared/report-time';
import { milestonesCompleted, MilestonesCompleted } from './milestone-reports';

/** Milestones done in a period: after the plan as at `from`, by the plan as at `to` (default now). */
export class GetMilestonesCompleted {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetMilestonesCompleted)
export class GetMilestonesCompletedHandler implements IQueryHandler<GetMilestonesCompleted, MilestonesCompleted> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetMilestonesCompleted): Promise<MilestonesCompleted> {
    const { knownAt } = readClocks(undefined, query.knownAt);
    const from = await this.plans.resolveDate(query.planId, query.from, 'from', knownAt);
    const to = await this.plans.resolveDate(query.planId, query.to, 'to', knownAt);
    const after = await this.plans.at(query.planId, to.asOf, knownAt);
    // A period that starts before the plan did: nothing was done yet, so all done by `to` was done in it.
    // (PlanSnapshots.at says so with InvalidInput on a date before the plan took effect, NotFound before it was on record.)
    const before = await this.plans.at(query.planId, from.asOf, knownAt, { field: 'from' }).catch((error: unknown) => {
      if (error instanceof NotFound || error instanceof InvalidInput) return { ...after, asOf: from.asOf, actions: [] };
      throw error;
    });
    return milestonesCompleted(before, after);
  }
}
