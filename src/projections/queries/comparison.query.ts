import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { previousVsCurrent, PreviousVsCurrent } from '../../reports/previous-vs-current';
import { ragSummary, RagSummary } from '../../reports/rag-summary';
import { readClocks } from '../../reports/report-time';
import { PlanSnapshots } from './plan-snapshots.service';

/** Two dates compared: Table 1 (RAG summary) and the Previous vs Current tables. */
export class GetRagSummary {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

export class GetPreviousVsCurrent {
  constructor(
    readonly planId: string,
    readonly from: string,
    readonly to?: string,
    readonly knownAt?: string,
  ) {}
}

async function twoDates(plans: PlanSnapshots, query: { planId: string; from: string; to?: string; knownAt?: string }) {
  const { knownAt } = readClocks(undefined, query.knownAt);
  const from = await plans.resolveDate(query.planId, query.from, 'from', knownAt);
  const to = await plans.resolveDate(query.planId, query.to, 'to', knownAt);
  const [first, second] = await Promise.all([plans.ratingsAt(query.planId, from.asOf, knownAt), plans.ratingsAt(query.planId, to.asOf, knownAt)]);
  return { first, second, labels: [from.label, to.label] as [string, string] };
}

@QueryHandler(GetRagSummary)
export class GetRagSummaryHandler implements IQueryHandler<GetRagSummary, RagSummary> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetRagSummary): Promise<RagSummary> {
    const { first, second, labels } = await twoDates(this.plans, query);
    return ragSummary(first, second, labels);
  }
}

@QueryHandler(GetPreviousVsCurrent)
export class GetPreviousVsCurrentHandler implements IQueryHandler<GetPreviousVsCurrent, PreviousVsCurrent> {
  constructor(private readonly plans: PlanSnapshots) {}

  async execute(query: GetPreviousVsCurrent): Promise<PreviousVsCurrent> {
    const { first, second, labels } = await twoDates(this.plans, query);
    return previousVsCurrent(first, second, labels);
  }
}
