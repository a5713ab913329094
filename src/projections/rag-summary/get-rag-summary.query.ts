import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PlanSnapshots } from '../shared/plan-snapshots.service';
import { ratingsAtTwoDates } from '../shared/two-dates';
import { ragSummary, RagSummary } from './rag-summary';

/** Report 2, Table 1: RAG counts per priority at two dates. */
export class GetRagSummary {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

@QueryHandler(GetRagSummary)
export class GetRagSummaryHandler implements IQueryHandler<GetRagSummary, RagSummary> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetRagSummary): Promise<RagSummary> {
    const { first, second, labels } = await ratingsAtTwoDates(this.plans, query);
    return ragSummary(first, second, labels);
  }
}
