import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { completionRegister, CompletionRegister } from './completion-register';

/** Report 4: every completed action as at the date, with who signed off and on which evidence. */
export class GetCompletionRegister {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetCompletionRegister)
export class GetCompletionRegisterHandler implements IQueryHandler<GetCompletionRegister, CompletionRegister> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetCompletionRegister): Promise<CompletionRegister> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    return completionRegister(await this.plans.at(query.planId, asOf, knownAt));
  }
}
