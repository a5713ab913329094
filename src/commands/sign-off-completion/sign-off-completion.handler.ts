import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { SignOffCompletionCommand, SignOffCompletionInput } from './sign-off-completion.command';

@CommandHandler(SignOffCompletionCommand)
export class SignOffCompletionHandler implements ICommandHandler<SignOffCompletionCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: SignOffCompletionCommand): Promise<CommandResult> {
    const input = validatedInput(SignOffCompletionInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'SignOffCompletion', ...input }, command.issuedBy);
  }
}
