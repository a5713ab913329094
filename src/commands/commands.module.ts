import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '../event-store/event-store.module';
import { ActionStreams } from './shared/action-streams';
import { PlanStreams } from './shared/plan-streams';
import { ImportPlanService } from '../import/import-plan.service';
import { ImportPlanHandler } from './import-plan/import-plan.handler';
import { RedactEvidenceHandler } from './action/redact-evidence.handler';
import { EvidenceFilesModule } from '../evidence/evidence-files.module';
import { AuditModule } from '../audit/audit.module';
import { DecidedCommandHandler } from './decided-command.handler';

/**
 * The write side: every command goes through the CommandBus. The commands in the
 * command table (command-table.ts) go to DecidedCommandHandler; the others have a
 * handler of their own because they do more than decide.
 */
@Module({
  imports: [CqrsModule, EventStoreModule, EvidenceFilesModule, AuditModule],
  providers: [PlanStreams, ActionStreams, ImportPlanService, DecidedCommandHandler, RedactEvidenceHandler, ImportPlanHandler],
  exports: [PlanStreams, ActionStreams],
})
export class CommandsModule {}
