import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { ReopenActionCommand, ReopenActionInput } from './reopen-action.command';

@CommandHandler(ReopenActionCommand)
export class ReopenActionHandler implements ICommandHandler<ReopenActionCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: ReopenActionCommand): Promise<CommandResult> {
    const input = validatedInput(ReopenActionInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'ReopenAction', ...input }, command.issuedBy);
  }
}
