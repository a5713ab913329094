import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { ChangeRatingCommand, ChangeRatingInput } from './change-rating.command';

@CommandHandler(ChangeRatingCommand)
export class ChangeRatingHandler implements ICommandHandler<ChangeRatingCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: ChangeRatingCommand): Promise<CommandResult> {
    const input = validatedInput(ChangeRatingInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'ChangeRating', ...input }, command.issuedBy);
  }
}
