import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { AcceptEvidenceCommand, AcceptEvidenceInput } from './accept-evidence.command';

@CommandHandler(AcceptEvidenceCommand)
export class AcceptEvidenceHandler implements ICommandHandler<AcceptEvidenceCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: AcceptEvidenceCommand): Promise<CommandResult> {
    const input = validatedInput(AcceptEvidenceInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'AcceptEvidence', ...input }, command.issuedBy);
  }
}
