import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { DecisionBatch } from '../shared/decision-batch';
import { PlanStreams } from '../shared/plan-streams';
import { RecordTogetherCommand } from './record-together.command';

export interface RecordedTogether<T> {
  /** What `decideAll` returned. */
  outcome: T;
  /** One result per stream that changed; empty when the log already held everything. */
  recorded: CommandResult[];
}

@CommandHandler(RecordTogetherCommand)
export class RecordTogetherHandler implements ICommandHandler<RecordTogetherCommand<unknown>, RecordedTogether<unknown>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly plans: PlanStreams,
    private readonly actions: ActionStreams,
  ) {}

  async execute(command: RecordTogetherCommand<unknown>): Promise<RecordedTogether<unknown>> {
    const batch = new DecisionBatch(this.store, this.plans, this.actions);
    const outcome = await command.decideAll(batch);
    return { outcome, recorded: await batch.commit() };
  }
}
