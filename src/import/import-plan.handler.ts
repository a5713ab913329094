import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AuditService } from '../audit/audit.service';
import { ImportPlanCommand, ImportSummary } from '../commands';
import { ImportPlanService } from './import-plan.service';

@CommandHandler(ImportPlanCommand)
export class ImportPlanHandler implements ICommandHandler<ImportPlanCommand, ImportSummary> {
  private readonly logger = new Logger('Import');

  constructor(
    private readonly importer: ImportPlanService,
    private readonly audit: AuditService,
  ) {}

  async execute(command: ImportPlanCommand): Promise<ImportSummary> {
    const summary = await this.importer.importPlan(command.request, command.issuedBy, command.onProgress);
    // An import writes a plan's whole history at once: sign it straight away rather than at the next scheduled checkpoint.
    if (summary.eventsAppended > 0) {
      try {
        await this.audit.takeCheckpoint();
      } catch (error) {
        // The import itself is recorded; a log that cannot be signed is verify's to explain.
        this.logger.error(`Imported, but no checkpoint could be signed: ${(error as Error).message}`);
      }
    }
    return summary;
  }
}
