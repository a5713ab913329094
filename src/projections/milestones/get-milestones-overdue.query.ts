import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { milestonesOverdue, MilestonesOverdue } from './milestone-reports';

/** Milestones overdue as at a date: past their date, not done, on actions still open. */
export class GetMilestonesOverdue {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetMilestonesOverdue)
export class GetMilestonesOverdueHandler implements IQueryHandler<GetMilestonesOverdue, MilestonesOverdue> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetMilestonesOverdue): Promise<MilestonesOverdue> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    return milestonesOverdue(await this.plans.at(query.planId, asOf, knownAt));
  }
}
