import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { csvCell } from '../../src/reports/render/csv-cell';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * OWASP's CSV injection: a commentary typed as `=HYPERLINK(…)` must reach a spreadsheet as text.
 * The commentaries are recorded through the API, the history exported as CSV through the API,
 * then read back twice: with csv-parse (the text as a program sees it) and with exceljs.
 */
const COMMENTARIES = ['=HYPERLINK("http://evil.example","click")', '@SUM(1+1)', '+1', '-1+2', '\t=1+1', '\rcaseloads'];
/** Each commentary's cell as exported: behind a quote; the domain trims free text, so the tab and carriage return never reach a report (csvCell is checked with them below). */
const EXPORTED = [`'=HYPERLINK("http://evil.example","click")`, `'@SUM(1+1)`, `'+1`, `'-1+2`, `'=1+1`, `caseloads`].map((cell, i) => `${cell} — board ${i + 1}`);

/**
 * exceljs's own csv.read keeps every string as text, so on its own it would find no formula even
 * in a live one. This map reads a cell as Excel does on opening a CSV: leading tab or carriage
 * return skipped, a plain number a number, and anything else starting with =, +, - or @ a formula.
 */
function asExcelOpensIt(datum: string): ExcelJS.CellValue {
  const typed = datum.replace(/^[\t\r]+/, '');
  if (/^[+-]?\d+(\.\d+)?$/.test(typed)) return Number(typed);
  if (/^[=+\-@]/.test(typed)) return { formula: typed.replace(/^[=@]/, ''), result: undefined } as ExcelJS.CellFormulaValue;
  return datum === '' ? null : datum;
}

async function openInSpreadsheet(csv: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  // relaxColumnCount: a report's CSV is several tables, each with its own width.
  return workbook.csv.read(Readable.from([csv]), { map: asExcelOpensIt, parserOptions: { relaxColumnCount: true } } as never);
}

const formulaCells = (sheet: ExcelJS.Worksheet) => {
  const found: string[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => cell.type === ExcelJS.ValueType.Formula && found.push(`${cell.address}: ${cell.formula}`)));
  return found;
};

describe('CSV exports are data, not code', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('csv-formulas');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'csv-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/csv-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/csv-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (const [i, commentary] of COMMENTARIES.entries()) {
      await h.http().post('/api/plans/csv-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: i % 2 ? 'A' : 'R', commentary, effectiveAt: `2020-02-0${i + 1}`, reason: `board ${i + 1}` }).expect(201);
    }
  });
  afterAll(() => h.close());

  const exportHistory = async () => {
    const response = await h.http().get('/api/plans/csv-plan/reports/history?ref=1.1&format=csv').set(h.as('inspector')).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    return response.text;
  };

  it('the reading used below does find a formula in a cell written as typed', async () => {
    const raw = `${COMMENTARIES.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')}\r\n`;
    expect(formulaCells(await openInSpreadsheet(raw))).toHaveLength(4);
  });

  it('writes each commentary behind a single quote, quoted, and still readable', async () => {
    const csv = await exportHistory();
    const rows = parse(csv, { relax_column_count: true }) as string[][];
    const commentaryCells = rows.filter((row) => row.length === 5).map((row) => row[4]).slice(1);
    expect(commentaryCells).toEqual(['set up', ...EXPORTED]);
    // Quoted in the file itself, so no reader splits or trims it before the quote counts.
    for (const cell of EXPORTED.slice(0, 5)) expect(csv).toContain(`"${cell.replace(/"/g, '""')}"`);
  });

  it('opens in a spreadsheet with no formula anywhere, and the text as typed after the quote', async () => {
    const sheet = await openInSpreadsheet(await exportHistory());
    expect(formulaCells(sheet)).toEqual([]);
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    for (const cell of EXPORTED) expect(texts).toContain(cell);
  });
});

describe('a CSV cell', () => {
  it('puts a quote before =, +, -, @, tab and carriage return, and quotes the cell', () => {
    expect(['=1+1', '+1', '-', '@x', '\t=1', '\r=1'].map(csvCell)).toEqual([`"'=1+1"`, `"'+1"`, `"'-"`, `"'@x"`, `"'\t=1"`, `"'\r=1"`]);
  });

  it('leaves other text as it was, quoting only what RFC 4180 needs', () => {
    expect(['R', '2020-02-01', '12', 'a, b', 'say "hi"', 'a-b', ''].map(csvCell)).toEqual(['R', '2020-02-01', '12', '"a, b"', '"say ""hi"""', 'a-b', '']);
  });
});
