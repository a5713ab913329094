import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AmendActionCommand, AmendActionInput } from './amend-action.command';

@CommandHandler(AmendActionCommand)
export class AmendActionHandler implements ICommandHandler<AmendActionCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: AmendActionCommand): Promise<CommandResult> {
    const input = validatedInput(AmendActionInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'AmendAction', ...input }, command.issuedBy);
  }
}
