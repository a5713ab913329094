import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AssessCriteriaCommand, AssessCriteriaInput } from './assess-criteria.command';

@CommandHandler(AssessCriteriaCommand)
export class AssessCriteriaHandler implements ICommandHandler<AssessCriteriaCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: AssessCriteriaCommand): Promise<CommandResult> {
    const input = validatedInput(AssessCriteriaInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'AssessCriteria', ...input }, command.issuedBy);
  }
}
