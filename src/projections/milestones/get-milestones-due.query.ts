import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInput } from '../../domain/errors';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { milestonesDue, MilestonesDue } from './milestone-reports';

/** Milestones due in a window (from, to: dates or board dates' labels), with their status as at a date. */
export class GetMilestonesDue {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetMilestonesDue)
export class GetMilestonesDueHandler implements IQueryHandler<GetMilestonesDue, MilestonesDue> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetMilestonesDue): Promise<MilestonesDue> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    const from = (await this.plans.resolveDate(query.planId, query.from, 'from', knownAt)).asOf.slice(0, 10);
    const to = (await this.plans.resolveDate(query.planId, query.to, 'to', knownAt)).asOf.slice(0, 10);
    if (to < from) throw new InvalidInput('to', `${to} is before from (${from}); the window runs from the earlier date to the later`);
    return milestonesDue(await this.plans.at(query.planId, asOf, knownAt), from, to);
  }
}
