import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { ChangeMilestoneStatusCommand, ChangeMilestoneStatusInput } from './change-milestone-status.command';

@CommandHandler(ChangeMilestoneStatusCommand)
export class ChangeMilestoneStatusHandler implements ICommandHandler<ChangeMilestoneStatusCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: ChangeMilestoneStatusCommand): Promise<CommandResult> {
    const input = validatedInput(ChangeMilestoneStatusInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'ChangeMilestoneStatus', ...input }, command.issuedBy);
  }
}
