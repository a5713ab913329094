import { Inject, Injectable } from '@nestjs/common';
import { PlanCommand } from '../../domain/plan/plan.commands';
import { decidePlan, evolvePlan, initialPlanState, PlanState } from '../../domain/plan/plan.decider';
import { PlanEvent } from '../../domain/plan/plan.events';
import { planStreamId } from '../../domain/identifiers';
import { requirePlanAccess } from '../../domain/permissions';
import { EVENT_STORE, EventStore, NO_STREAM } from '../../event-store/event-store.port';
import { CommandResult } from './command-result';
import { IssuedBy } from './issued-by';
import { requireVersionSeen, toCommandResult, toNewEvents, toRecorded } from './record-decision';

export interface LoadedPlan {
  state: PlanState;
  version: number;
}

/** Load a plan's stream, decide, and append with the version we read: the only way plan facts are written. */
@Injectable()
export class PlanStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(planId: string): Promise<LoadedPlan> {
    const events = await this.store.readStream(planStreamId(planId));
    const state = events.reduce((s, e) => evolvePlan(s, toRecorded<PlanEvent>(e)), initialPlanState());
    return { state, version: events.length > 0 ? events[events.length - 1].streamVersion : NO_STREAM };
  }

  async handle(planId: string, command: PlanCommand, issuedBy: IssuedBy): Promise<CommandResult> {
    const streamId = planStreamId(planId);
    requirePlanAccess(issuedBy.actor, planId);
    const { state, version } = await this.load(planId);
    requireVersionSeen(streamId, version, issuedBy);
    const decision = decidePlan(command, state, { actor: issuedBy.actor, now: new Date() });
    return toCommandResult(streamId, await this.store.append(streamId, version, toNewEvents(decision, issuedBy)));
  }
}
