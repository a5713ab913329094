import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { extname } from 'node:path';
import { InvalidInput } from '../domain/errors';

/** One row of a plan spreadsheet: its number as the user sees it (header = row 1) and its cells by header. */
export interface SheetRow {
  rowNumber: number;
  cells: Record<string, string>;
}

export interface PlanSheet {
  headers: string[];
  rows: SheetRow[];
}

/** Read a plan exported from Excel, as CSV or as the .xlsx itself. */
export async function readPlanFile(fileName: string, content: Buffer): Promise<PlanSheet> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv') return readCsv(content);
  if (extension === '.xlsx') return readXlsx(content);
  throw new InvalidInput('file', `"${fileName}" is neither .csv nor .xlsx; save the plan from Excel in one of those`);
}

function readCsv(content: Buffer): PlanSheet {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new InvalidInput('file', `is not valid CSV: ${(error as Error).message}`);
  }
  return toSheet(records);
}

async function readXlsx(content: Buffer): Promise<PlanSheet> {
  // Loaded when a workbook is read, not with the app: exceljs is ~30 MB of heap in every process
  // (server, CLI, rebuild) otherwise, and a bigger heap let a rebuild's garbage pile higher before GC.
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new InvalidInput('file', `is not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new InvalidInput('file', 'the workbook has no worksheet');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) values.push(cellText(row.getCell(column).value));
    records[rowNumber - 1] = values;
  });
  return toSheet(Array.from(records, (r) => r ?? []));
}

/** Excel cells may hold dates, rich text or formulas: reduce each to the text the user typed or sees. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

function toSheet(records: string[][]): PlanSheet {
  const [header, ...body] = records;
  if (!header || header.every((h) => !h?.trim())) throw new InvalidInput('file', 'is empty; the first row must hold the column headings');
  const headers = header.map((h) => (h ?? '').trim());
  const rows: SheetRow[] = [];
  body.forEach((record, index) => {
    if (!record || record.every((cell) => !cell?.trim())) return;
    rows.push({ rowNumber: index + 2, cells: Object.fromEntries(headers.map((h, i) => [h, (record[i] ?? '').trim()])) });
  });
  return { headers, rows };
}
