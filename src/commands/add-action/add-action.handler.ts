import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AddActionCommand, AddActionInput } from './add-action.command';

@CommandHandler(AddActionCommand)
export class AddActionHandler implements ICommandHandler<AddActionCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: AddActionCommand): Promise<CommandResult> {
    const input = validatedInput(AddActionInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'AddAction', ...input }, command.issuedBy);
  }
}
