import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInput } from '../../domain/errors';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { dueBetween, DueBetween } from './due-between';

/** Actions due between two dates, both included (dates or board dates' labels), as the plan stood at asOf. */
export class GetDueBetween {
  constructor(
    readonly planId: string,
    readonly dueFrom: string,
    readonly dueTo: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetDueBetween)
export class GetDueBetweenHandler implements IQueryHandler<GetDueBetween, DueBetween> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetDueBetween): Promise<DueBetween> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    const from = (await this.plans.resolveDate(query.planId, query.dueFrom, 'dueFrom', knownAt)).asOf.slice(0, 10);
    const to = (await this.plans.resolveDate(query.planId, query.dueTo, 'dueTo', knownAt)).asOf.slice(0, 10);
    if (from > to) throw new InvalidInput('dueFrom', `is after the last due date (dueTo, ${to}); give the earlier date first`);
    return dueBetween(await this.plans.at(query.planId, asOf, knownAt), from, to);
  }
}
