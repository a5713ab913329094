import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVIDENCE_FILES, EvidenceFiles } from '../../evidence/evidence-files';
import { decisionTarget } from '../command-table';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { RedactEvidenceCommand } from './redact-evidence.command';

/**
 * Decided like every command in the table, then the file is removed. Record the
 * erasure first: if the removal fails, the log still says it was ordered, and a
 * retry finds it done.
 */
@CommandHandler(RedactEvidenceCommand)
export class RedactEvidenceHandler implements ICommandHandler<RedactEvidenceCommand, CommandResult> {
  constructor(
    private readonly actions: ActionStreams,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  async execute(command: RedactEvidenceCommand): Promise<CommandResult> {
    const target = decisionTarget(command);
    if (target.stream !== 'action' || target.command.type !== 'RedactEvidence') throw new Error('the command table must route RedactEvidenceCommand to RedactEvidence on an action');
    const result = await this.actions.handle(target.planId, target.reference, target.command, command.issuedBy);
    const { state } = await this.actions.load(target.planId, target.reference);
    const hash = state.evidence[target.command.evidenceId]?.fileHash;
    if (hash) await this.files.remove(hash);
    return result;
  }
}
