import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { CorrectRatingCommand, CorrectRatingInput } from './correct-rating.command';

@CommandHandler(CorrectRatingCommand)
export class CorrectRatingHandler implements ICommandHandler<CorrectRatingCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: CorrectRatingCommand): Promise<CommandResult> {
    const input = validatedInput(CorrectRatingInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'CorrectRating', ...input }, command.issuedBy);
  }
}
