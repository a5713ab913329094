import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { newId } from '../shared/new-id';
import { AddMilestoneCommand, AddMilestoneInput } from './add-milestone.command';

@CommandHandler(AddMilestoneCommand)
export class AddMilestoneHandler implements ICommandHandler<AddMilestoneCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: AddMilestoneCommand): Promise<CommandResult> {
    const input = validatedInput(AddMilestoneInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'AddMilestone', ...input, milestoneId: input.milestoneId ?? newId('ms') }, command.issuedBy);
  }
}
