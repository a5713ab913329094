import { Inject, Injectable } from '@nestjs/common';
import { KpiCommand } from '../../domain/kpi/kpi.commands';
import { decideKpi, evolveKpi, initialKpiState, KpiState } from '../../domain/kpi/kpi.decider';
import { KpiEvent } from '../../domain/kpi/kpi.events';
import { kpiStreamId } from '../../domain/kpi/kpi-identifiers';
import { requirePlanAccess } from '../../domain/permissions';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { CommandResult } from '../shared/command-result';
import { IssuedBy } from '../shared/issued-by';
import { PlanStreams } from '../shared/plan-streams';
import { requireVersionSeen, toCommandResult, toDecided } from '../shared/record-decision';
import { FoldedStreams } from '../shared/stream-state-cache';

/**
 * Load a KPI's stream (and its plan, whose priorities are its groups), decide, and append
 * with the version read. A KPI's definition and its figures share one stream, so two leads
 * giving the same month's figure at once: the second finds the version moved.
 */
@Injectable()
export class KpiStreams {
  private readonly streams: FoldedStreams<KpiState, KpiEvent>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanStreams,
  ) {
    this.streams = new FoldedStreams(store, initialKpiState, evolveKpi, 5_000);
  }

  async handle(planId: string, kpiId: string, command: KpiCommand, issuedBy: IssuedBy): Promise<CommandResult> {
    requirePlanAccess(issuedBy.actor, planId);
    const streamId = kpiStreamId(planId, kpiId);
    const [{ state: plan }, { state, version }] = await Promise.all([this.plans.load(planId), this.streams.load(streamId)]);
    requireVersionSeen(streamId, version, issuedBy);
    const decided = toDecided(decideKpi(command, state, { actor: issuedBy.actor, now: new Date(), plan }), issuedBy);
    const appended = await this.store.append(streamId, version, decided.events);
    this.streams.remember(streamId, state, version, appended.events);
    return toCommandResult(streamId, appended, decided.notes);
  }
}
