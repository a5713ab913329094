import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVIDENCE_FILES, EvidenceFiles } from '../../evidence/evidence-files';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { RedactEvidenceCommand, RedactEvidenceInput } from './redact-evidence.command';

/** Record the erasure first, then remove the file: if the removal fails, the log still says it was ordered, and a retry finds it done. */
@CommandHandler(RedactEvidenceCommand)
export class RedactEvidenceHandler implements ICommandHandler<RedactEvidenceCommand, CommandResult> {
  constructor(
    private readonly streams: ActionStreams,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  async execute(command: RedactEvidenceCommand): Promise<CommandResult> {
    const input = validatedInput(RedactEvidenceInput, command.input);
    const result = await this.streams.handle(input.planId, input.reference, { type: 'RedactEvidence', ...input }, command.issuedBy);
    const { state } = await this.streams.load(input.planId, input.reference);
    const hash = state.evidence[input.evidenceId]?.fileHash;
    if (hash) await this.files.remove(hash);
    return result;
  }
}
