import { Inject, Injectable } from '@nestjs/common';
import { PlanCommand } from '../../domain/plan/plan.commands';
import { decidePlan, evolvePlan, initialPlanState, PlanState } from '../../domain/plan/plan.decider';
import { PlanEvent } from '../../domain/plan/plan.events';
import { planStreamId } from '../../domain/identifiers';
import { requirePlanAccess } from '../../domain/permissions';
import { EventEnvelope } from '../../event-store/envelope';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { CommandResult } from './command-result';
import { IssuedBy } from './issued-by';
import { lookAlikes } from './look-alikes';
import { Decided, requireVersionSeen, toCommandResult, toDecided } from './record-decision';
import { FoldedStreams } from './stream-state-cache';

export interface LoadedPlan {
  state: PlanState;
  version: number;
}

/** Load a plan's stream, decide, and append with the version we read: the only way plan facts are written. */
@Injectable()
export class PlanStreams {
  private readonly streams: FoldedStreams<PlanState, PlanEvent>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.streams = new FoldedStreams(store, initialPlanState, evolvePlan, 5_000);
  }

  load(planId: string): Promise<LoadedPlan> {
    return this.streams.load(planStreamId(planId));
  }

  /** The new facts, in envelopes, that the plan decider makes of a command on this state (nothing is written). */
  decide(command: PlanCommand, state: PlanState, issuedBy: IssuedBy, now: Date): Decided {
    return toDecided(decidePlan(command, state, { actor: issuedBy.actor, now, lookAlikes }), issuedBy);
  }

  async handle(planId: string, command: PlanCommand, issuedBy: IssuedBy): Promise<CommandResult> {
    requirePlanAccess(issuedBy.actor, planId);
    const streamId = planStreamId(planId);
    const { state, version } = await this.load(planId);
    requireVersionSeen(streamId, version, issuedBy);
    const decided = this.decide(command, state, issuedBy, new Date());
    const appended = await this.store.append(streamId, version, decided.events);
    this.streams.remember(streamId, state, version, appended.events);
    return toCommandResult(streamId, appended, decided.notes);
  }

  /** Fold what a batch appended onto the state it was decided from, so the next command starts there. */
  remember(planId: string, loaded: LoadedPlan, appended: EventEnvelope[]): void {
    this.streams.remember(planStreamId(planId), loaded.state, loaded.version, appended);
  }
}
