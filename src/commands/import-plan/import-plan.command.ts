import { ImportPlanRequest, ImportProgress } from '../../import/import-plan.service';
import { IssuedBy } from '../shared/issued-by';

/** Import a plan from a CSV or XLSX file: each dated RAG column becomes the ratings effective on that date. */
export class ImportPlanCommand {
  constructor(
    readonly request: ImportPlanRequest,
    readonly issuedBy: IssuedBy,
    readonly onProgress?: ImportProgress,
  ) {}
}
