import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { RejectEvidenceCommand, RejectEvidenceInput } from './reject-evidence.command';

@CommandHandler(RejectEvidenceCommand)
export class RejectEvidenceHandler implements ICommandHandler<RejectEvidenceCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: RejectEvidenceCommand): Promise<CommandResult> {
    const input = validatedInput(RejectEvidenceInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'RejectEvidence', ...input }, command.issuedBy);
  }
}
