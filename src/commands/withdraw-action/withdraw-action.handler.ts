import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { WithdrawActionCommand, WithdrawActionInput } from './withdraw-action.command';

@CommandHandler(WithdrawActionCommand)
export class WithdrawActionHandler implements ICommandHandler<WithdrawActionCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: WithdrawActionCommand): Promise<CommandResult> {
    const input = validatedInput(WithdrawActionInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'WithdrawAction', ...input }, command.issuedBy);
  }
}
