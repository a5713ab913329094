import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { extname } from 'node:path';
import { FieldProblem, InvalidInput } from '../domain/errors';
import { ConvertedFrom, decodeCsv } from './csv-encoding';
import { IMPORT_LIMITS } from './import-limits';
import { checkWorkbook } from './xlsx-guard';

/** One row of a plan spreadsheet: its number as the user sees it (header = row 1) and its cells by header. */
export interface SheetRow {
  rowNumber: number;
  cells: Record<string, string>;
}

export interface PlanSheet {
  headers: string[];
  rows: SheetRow[];
  /** Set when a CSV was not UTF-8 and was converted, so the summary can say so. */
  convertedFrom?: ConvertedFrom;
}

/** Read a plan exported from Excel, as CSV or as the .xlsx itself. */
export async function readPlanFile(fileName: string, content: Buffer): Promise<PlanSheet> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.csv') return readCsv(content);
  if (extension === '.xlsx') return readXlsx(content);
  throw new InvalidInput('file', `"${fileName}" is neither .csv nor .xlsx; save the plan from Excel in one of those`);
}

function readCsv(content: Buffer): PlanSheet {
  if (content.length > IMPORT_LIMITS.bytes) throw new InvalidInput('file', `is ${Math.ceil(content.length / 1024 / 1024)} MB; a plan's CSV may be at most ${IMPORT_LIMITS.bytes / 1024 / 1024} MB`);
  const { text, convertedFrom } = decodeCsv(content);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new InvalidInput('file', `is not valid CSV: ${(error as Error).message}`);
  }
  const sheet = toSheet(records);
  return convertedFrom ? { ...sheet, convertedFrom } : sheet;
}

async function readXlsx(content: Buffer): Promise<PlanSheet> {
  // Loaded when a workbook is read, not with the app: exceljs is ~30 MB of heap in every process
  // (server, CLI, rebuild) otherwise, and a bigger heap let a rebuild's garbage pile higher before GC.
  checkWorkbook(content);
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
  // Read once: exceljs counts the columns afresh, over every row, each time it is asked.
  const columns = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= columns; column++) values.push(cellText(row.getCell(column).value));
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
  checkSize(records);
  const headers = header.map((h) => (h ?? '').trim());
  const problems = headingProblems(headers, body);
  if (problems.length > 0) throw InvalidInput.of(problems);
  const rows: SheetRow[] = [];
  body.forEach((record, index) => {
    if (!record || record.every((cell) => !cell?.trim())) return;
    rows.push({ rowNumber: index + 2, cells: Object.fromEntries(headers.map((h, i) => [h, (record[i] ?? '').trim()])) });
  });
  return { headers, rows };
}

function checkSize(records: string[][]): void {
  if (records.length > IMPORT_LIMITS.rows) throw new InvalidInput('file', `has ${records.length.toLocaleString('en-GB')} rows; a plan may have at most ${IMPORT_LIMITS.rows.toLocaleString('en-GB')}`);
  const widest = records.reduce((most, record) => Math.max(most, record.length), 0);
  if (widest > IMPORT_LIMITS.columns) throw new InvalidInput('file', `has ${widest} columns; a plan may have at most ${IMPORT_LIMITS.columns} (A to IV)`);
}

/**
 * Each column is found by its heading, so two columns with one heading (the second
 * would silently win) or a column of data with none cannot be read as the user meant.
 * A column with neither heading nor data is left alone: Excel often saves a few.
 */
function headingProblems(headers: string[], body: string[][]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const first = new Map<string, number>();
  // A CSV row may run past the heading row: those cells are a column with no heading too.
  const width = body.reduce((most, record) => Math.max(most, record?.length ?? 0), headers.length);
  Array.from({ length: width }, (_, index) => headers[index] ?? '').forEach((heading, index) => {
    const column = `column ${columnLetter(index + 1)} (${index + 1})`;
    if (!heading) {
      const row = body.findIndex((record) => record?.[index]?.trim());
      if (row >= 0) problems.push({ field: column, message: `has no heading but row ${row + 2} holds "${body[row][index].trim().slice(0, 40)}"; give the column a heading or delete it` });
      return;
    }
    const key = heading.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else problems.push({ field: `${column} "${heading}"`, message: `repeats the heading of column ${columnLetter(earlier + 1)} (${earlier + 1}); each heading may appear once, so rename or delete one of them` });
  });
  return problems;
}

/** 1 → A, 27 → AA: the column as Excel labels it. */
function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
