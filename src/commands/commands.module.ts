import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '../event-store/event-store.module';
import { ActionStreams } from './shared/action-streams';
import { PlanStreams } from './shared/plan-streams';
import { KpiStreams } from './kpi/kpi-streams';
import { EvidenceFileUsers } from './action/evidence-file-users';
import { RedactEvidenceHandler } from './action/redact-evidence.handler';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { DecidedCommandHandler } from './decided-command.handler';
import { RecordTogetherHandler } from './record-together/record-together.handler';

/**
 * The write side: every command goes through the CommandBus. The commands in the
 * command table (command-table.ts) go to DecidedCommandHandler; the others have a
 * handler of their own because they do more than decide: RedactEvidence (also
 * removes the file) and RecordTogether (many decisions in one transaction). The
 * ImportPlanCommand is handled in src/import/ (ImportModule), which sends its rows
 * back here as one RecordTogether.
 */
@Module({
  imports: [CqrsModule, EventStoreModule, EvidenceFilesModule],
  providers: [PlanStreams, ActionStreams, KpiStreams, EvidenceFileUsers, DecidedCommandHandler, RedactEvidenceHandler, RecordTogetherHandler],
})
export class CommandsModule {}
