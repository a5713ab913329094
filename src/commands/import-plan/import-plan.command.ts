import { RagScale } from '../../domain/rag-scale';
import { SignOffRole } from '../../domain/roles';
import { IssuedBy } from '../shared/issued-by';

export interface ImportPlanRequest {
  planId: string;
  title: string;
  council: string;
  scale: string | RagScale;
  signOffRole?: SignOffRole;
  fileName: string;
  content: Buffer;
}

export interface ImportSummary {
  planId: string;
  rows: number;
  streamsChanged: number;
  eventsAppended: number;
  /** True when the file held nothing the log did not already have. */
  alreadyUpToDate: boolean;
  /** The encoding a CSV was converted from when it was not UTF-8 (Excel's plain "CSV" on Windows). */
  convertedFrom?: 'Windows-1252';
  /** Cells recorded as a code they were not exactly, by row and column: `"С" read as C: "С" (U+0421, a Cyrillic letter) taken as C`. */
  notes?: { field: string; message: string }[];
}

export type ImportProgress = (rowsDone: number, rowsTotal: number) => void;

/**
 * Import a plan from a CSV or XLSX file: each dated RAG column becomes the
 * ratings effective on that date. Listed here with every other command; handled
 * in src/import/ (ImportPlanHandler), which reads the file and records its rows
 * as the commands of the command table, together (RecordTogetherCommand).
 */
export class ImportPlanCommand {
  constructor(
    readonly request: ImportPlanRequest,
    readonly issuedBy: IssuedBy,
    readonly onProgress?: ImportProgress,
  ) {}
}
