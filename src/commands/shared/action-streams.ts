import { Inject, Injectable } from '@nestjs/common';
import { ActionCommand } from '../../domain/action/action.commands';
import { decideAction, evolveAction, initialActionState } from '../../domain/action/action.decider';
import { ActionEvent } from '../../domain/action/action.events';
import { ActionState } from '../../domain/action/action.state';
import { actionStreamId } from '../../domain/identifiers';
import { requirePlanAccess } from '../../domain/permissions';
import { PlanState } from '../../domain/plan/plan.decider';
import { EventEnvelope } from '../../event-store/envelope';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { CommandResult } from './command-result';
import { IssuedBy } from './issued-by';
import { PlanStreams } from './plan-streams';
import { lookAlikes } from './look-alikes';
import { Decided, requireVersionSeen, toCommandResult, toDecided } from './record-decision';
import { FoldedStreams } from './stream-state-cache';

export interface LoadedAction {
  state: ActionState;
  version: number;
}

/**
 * Load an action's stream (and its plan, whose scale and sign-off rules apply),
 * decide, and append with the version we read. Two people rating the same action
 * at once: the second append finds the version moved and gets a ConcurrencyError.
 */
@Injectable()
export class ActionStreams {
  private readonly streams: FoldedStreams<ActionState, ActionEvent>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanStreams,
  ) {
    this.streams = new FoldedStreams(store, initialActionState, evolveAction, 20_000);
  }

  load(planId: string, reference: string): Promise<LoadedAction> {
    return this.streams.load(actionStreamId(planId, reference));
  }

  /** The new facts, in envelopes, that the action decider makes of a command on these states, and the notes for the caller (nothing is written). */
  decide(command: ActionCommand, state: ActionState, plan: PlanState, issuedBy: IssuedBy, now: Date): Decided {
    return toDecided(decideAction(command, state, { actor: issuedBy.actor, now, plan, lookAlikes }), issuedBy);
  }

  async handle(planId: string, reference: string, command: ActionCommand, issuedBy: IssuedBy): Promise<CommandResult> {
    requirePlanAccess(issuedBy.actor, planId);
    const streamId = actionStreamId(planId, reference);
    const [{ state: plan }, { state, version }] = await Promise.all([this.plans.load(planId), this.load(planId, reference)]);
    requireVersionSeen(streamId, version, issuedBy);
    const decided = this.decide(command, state, plan, issuedBy, new Date());
    const appended = await this.store.append(streamId, version, decided.events);
    this.streams.remember(streamId, state, version, appended.events);
    return toCommandResult(streamId, appended, decided.notes);
  }

  /** Fold what a batch appended onto the state it was decided from, so the next command starts there. */
  remember(planId: string, reference: string, loaded: LoadedAction, appended: EventEnvelope[]): void {
    this.streams.remember(actionStreamId(planId, reference), loaded.state, loaded.version, appended);
  }
}
