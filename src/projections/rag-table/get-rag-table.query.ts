import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidInput } from '../../domain/errors';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { readClocks, reportInstant } from '../shared/report-time';
import { NewSince, previousBoardDate, ragTable, RagTable } from './rag-table';

/** Table 1 at one date (asOf: a date or a board date's label), new actions counted from `newSince` or else the board date before. */
export class GetRagTable {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    readonly knownAt?: string,
    readonly newSince?: string,
  ) {}
}

@QueryHandler(GetRagTable)
export class GetRagTableHandler implements IQueryHandler<GetRagTable, RagTable> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetRagTable): Promise<RagTable> {
    const { knownAt } = readClocks(undefined, query.knownAt);
    const at = await this.plans.resolveDate(query.planId, query.asOf, 'asOf', knownAt);
    const plan = await this.plans.ratingsAt(query.planId, at.asOf, knownAt);
    let since: NewSince | undefined;
    if (query.newSince !== undefined && query.newSince !== '') {
      const given = await this.plans.resolveDate(query.planId, query.newSince, 'newSince', knownAt);
      // New since a date after the table's own would count nothing, silently: say so instead.
      if (given.asOf > at.asOf) throw new InvalidInput('newSince', `is after the table's date (${at.asOf.slice(0, 10)}); give the earlier date new actions are counted from`);
      since = { ...given, chosen: 'given' };
    } else {
      const previous = previousBoardDate(plan, at.asOf);
      if (previous) since = { label: previous.label, asOf: reportInstant(previous.date, 'newSince'), chosen: 'previous board date' };
    }
    return ragTable(plan, at.label, since);
  }
}
