import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ImportPlanService, ImportSummary } from '../../import/import-plan.service';
import { ImportPlanCommand } from './import-plan.command';

@CommandHandler(ImportPlanCommand)
export class ImportPlanHandler implements ICommandHandler<ImportPlanCommand, ImportSummary> {
  constructor(private readonly importer: ImportPlanService) {}

  execute(command: ImportPlanCommand): Promise<ImportSummary> {
    return this.importer.importPlan(command.request, command.issuedBy, command.onProgress);
  }
}
