import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { newId } from '../shared/new-id';
import { SubmitEvidenceCommand, SubmitEvidenceInput } from './submit-evidence.command';

@CommandHandler(SubmitEvidenceCommand)
export class SubmitEvidenceHandler implements ICommandHandler<SubmitEvidenceCommand, CommandResult> {
  constructor(private readonly streams: ActionStreams) {}

  async execute(command: SubmitEvidenceCommand): Promise<CommandResult> {
    const input = validatedInput(SubmitEvidenceInput, command.input);
    return this.streams.handle(input.planId, input.reference, { type: 'SubmitEvidence', ...input, evidenceId: input.evidenceId ?? newId('ev') }, command.issuedBy);
  }
}
