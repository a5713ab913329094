import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVIDENCE_FILES, EvidenceFiles } from '../../evidence/evidence-files';
import { decisionTarget } from '../command-table';
import { ActionStreams } from '../shared/action-streams';
import { CommandResult } from '../shared/command-result';
import { EvidenceFileUsers } from './evidence-file-users';
import { RedactEvidenceCommand } from './redact-evidence.command';

/**
 * Decided like every command in the table, then the file is removed — only if no
 * other item that is not erased uses the same bytes (docs/architecture.md,
 * "Evidence files shared by items"). Record the erasure first: if the removal
 * fails, the log still says it was ordered, and a retry finds it done.
 */
@CommandHandler(RedactEvidenceCommand)
export class RedactEvidenceHandler implements ICommandHandler<RedactEvidenceCommand, CommandResult> {
  constructor(
    private readonly actions: ActionStreams,
    private readonly users: EvidenceFileUsers,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  async execute(command: RedactEvidenceCommand): Promise<CommandResult> {
    const target = decisionTarget(command);
    if (target.stream !== 'action' || target.command.type !== 'RedactEvidence') throw new Error('the command table must route RedactEvidenceCommand to RedactEvidence on an action');
    const { state } = await this.actions.load(target.planId, target.reference);
    const hash = state.evidence[target.command.evidenceId]?.fileHash;
    // No file, or an unknown item: the decider refuses it with the right words.
    if (!hash) return this.actions.handle(target.planId, target.reference, target.command, command.issuedBy);
    return this.files.hold(hash, async () => {
      const result = await this.actions.handle(target.planId, target.reference, target.command, command.issuedBy);
      await this.removeIfUnused(hash);
      return result;
    });
  }

  /**
   * Asked after the erasure is appended, under the hash's lock: no upload in this
   * process can find the file and record a new user in between. Another process
   * can, so the file is set aside and the log asked once more before it is deleted;
   * an upload there that recorded its item after that second look finds the file
   * gone and writes it again from its own bytes (store-and-submit.ts).
   */
  private async removeIfUnused(hash: string): Promise<void> {
    if ((await this.users.of(hash)).length > 0) return;
    const aside = await this.files.setAside(hash);
    if (!aside) return;
    if ((await this.users.of(hash)).length > 0) await this.files.putBack(hash, aside);
    else await this.files.discard(aside);
  }
}
