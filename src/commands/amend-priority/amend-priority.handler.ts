import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanStreams } from '../shared/plan-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AmendPriorityCommand, AmendPriorityInput } from './amend-priority.command';

@CommandHandler(AmendPriorityCommand)
export class AmendPriorityHandler implements ICommandHandler<AmendPriorityCommand, CommandResult> {
  constructor(private readonly streams: PlanStreams) {}

  async execute(command: AmendPriorityCommand): Promise<CommandResult> {
    const input = validatedInput(AmendPriorityInput, command.input);
    return this.streams.handle(input.planId, { type: 'AmendPriority', ...input }, command.issuedBy);
  }
}
