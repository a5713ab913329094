import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_FOLDER } from '../../src/import/example-plan';

/** Hostile and awkward plan files, made from the Sunderland example the way Excel (or an attacker) would make them. */
export const exampleCsv = (): string => readFileSync(join(EXAMPLE_FOLDER, 'plan.csv'), 'utf8');

/** Windows-1252 bytes of a text: what Excel's plain "CSV (Comma delimited)" writes on a UK Windows machine. */
export function windows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  return Buffer.from(
    Array.from(text, (char) => {
      const code = char.codePointAt(0)!;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      if (high[char] === undefined) throw new Error(`test helper: no Windows-1252 byte for ${char}`);
      return high[char];
    }),
  );
}

/** The example as an .xlsx written by exceljs, each CSV record a row. */
export async function exampleWorkbook(extra?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  for (const record of parse(exampleCsv()) as string[][]) sheet.addRow(record);
  extra?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The example workbook with its sheet's XML replaced (or changed) by `sheetXml`, zipped with honest sizes. */
export async function withSheetXml(sheetXml: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await exampleWorkbook());
  const part = 'xl/worksheets/sheet1.xml';
  zip.file(part, sheetXml(await zip.file(part)!.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A zip whose directory says a part unzips to `declared` bytes when it unzips to many more: sizes in both the local and the central header are rewritten. */
export function lyingAboutSize(zip: Buffer, partName: string, declared: number): Buffer {
  const lying = Buffer.from(zip);
  const name = Buffer.from(partName);
  for (let at = lying.indexOf(name); at >= 0; at = lying.indexOf(name, at + 1)) {
    if (lying.readUInt32LE(at - 30) === 0x04034b50) lying.writeUInt32LE(declared, at - 30 + 22);
    if (lying.readUInt32LE(at - 46) === 0x02014b50) lying.writeUInt32LE(declared, at - 46 + 24);
  }
  return lying;
}
