import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanStreams } from '../shared/plan-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AddPriorityCommand, AddPriorityInput } from './add-priority.command';

@CommandHandler(AddPriorityCommand)
export class AddPriorityHandler implements ICommandHandler<AddPriorityCommand, CommandResult> {
  constructor(private readonly streams: PlanStreams) {}

  async execute(command: AddPriorityCommand): Promise<CommandResult> {
    const input = validatedInput(AddPriorityInput, command.input);
    return this.streams.handle(input.planId, { type: 'AddPriority', ...input }, command.issuedBy);
  }
}
