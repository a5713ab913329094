import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { CommandsModule } from '../commands/commands.module';
import { ImportPlanHandler } from './import-plan.handler';
import { ImportPlanService } from './import-plan.service';

/** Importing a plan file: its rows become the command side's commands, recorded together, then signed by a checkpoint. */
@Module({
  imports: [CqrsModule, CommandsModule, AuditModule],
  providers: [ImportPlanService, ImportPlanHandler],
})
export class ImportModule {}
