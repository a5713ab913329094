import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../../domain/errors';
import { actionStreamId } from '../../domain/identifiers';
import { PlanFactsReader } from '../plan-facts/plan-facts.reader';
import { readClocks } from '../shared/report-time';
import { ActionHistories } from './action-histories';
import { ratingHistory, RatingHistory } from './rating-history';

/** Report 5: the full history of one action's rating, for an inspector. */
export class GetRatingHistory {
  constructor(
    readonly planId: string,
    readonly reference: string,
    readonly asOf?: string,
    readonly knownAt?: string,
  ) {}
}

/** Read from the action's own stream: it is the history, held as last read and brought up to date by one index lookup (ActionHistories). */
@QueryHandler(GetRatingHistory)
export class GetRatingHistoryHandler implements IQueryHandler<GetRatingHistory, RatingHistory> {
  constructor(
    private readonly histories: ActionHistories,
    private readonly plans: PlanFactsReader,
  ) {}

  async execute(query: GetRatingHistory): Promise<RatingHistory> {
    const { asOf, knownAt } = readClocks(query.asOf, query.knownAt);
    const stream = await this.histories.inEffectiveOrder(actionStreamId(query.planId, query.reference));
    if (stream.length === 0) throw new NotFound(`Plan ${query.planId} has no action ${query.reference}`);
    // In the plan's own words ("Project added to workstream 2"), as the plan called its levels at asOf.
    return ratingHistory(query.planId, query.reference, stream, asOf, knownAt, await this.plans.wordsAt(query.planId, asOf, knownAt));
  }
}
