import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { completionRegister, CompletionRegister } from '../../reports/completion-register';
import { addedBetween, dueBy, DueBy, overdue } from '../../reports/due-and-added';
import { readClocks } from '../../reports/report-time';
import { PlanSnapshots } from './plan-snapshots.service';

/** Report 4: every completed action as at the date, with who signed off and on which evidence. */
export class GetCompletionRegister {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

/** Report 6: actions due by a date, grouped completed / on track / delayed. */
export class GetDueBy {
  constructor(
    readonly planId: string,
    readonly dueBy: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

/** Report 7: actions added between two dates, and actions overdue at a date. */
export class GetAddedBetween {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

export class GetOverdue {
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

@QueryHandler(GetDueBy)
export class GetDueByHandler implements IQueryHandler<GetDueBy, DueBy> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetDueBy): Promise<DueBy> {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    const date = (await this.plans.resolveDate(query.planId, query.dueBy, 'dueBy', knownAt)).asOf.slice(0, 10);
    return dueBy(await this.plans.at(query.planId, asOf, knownAt), date);
  }
}

@QueryHandler(GetAddedBetween)
export class GetAddedBetweenHandler implements IQueryHandler<GetAddedBetween> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetAddedBetween) {
    const { knownAt } = readClocks(undefined, query.knownAt);
    const from = await this.plans.resolveDate(query.planId, query.from, 'from', knownAt);
    const to = await this.plans.resolveDate(query.planId, query.to, 'to', knownAt);
    return addedBetween(await this.plans.at(query.planId, to.asOf, knownAt), from.asOf, to.asOf);
  }
}

@QueryHandler(GetOverdue)
export class GetOverdueHandler implements IQueryHandler<GetOverdue> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetOverdue) {
    const { asOf, knownAt } = await this.plans.clocks(query.planId, query.asOf, query.knownAt);
    return overdue(await this.plans.at(query.planId, asOf, knownAt));
  }
}

