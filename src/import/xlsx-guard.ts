import { inflateRawSync } from 'node:zlib';
import { InvalidInput } from '../domain/errors';
import { IMPORT_LIMITS } from './import-limits';

/**
 * Checks an .xlsx before exceljs loads it. exceljs unzips every part into memory and
 * builds a cell object for every address up to the furthest one, so a 6 KB file with
 * one cell at XFD1048576, or a zip whose sheet inflates to gigabytes, would run for
 * minutes and fill the heap. Here the zip's central directory is read by hand, each
 * part is inflated with a ceiling (zlib's maxOutputLength) at the size the zip
 * declares, so a zip that lies about its sizes is caught too, and each sheet's
 * addresses are counted, all in bounded time and memory.
 */
export function checkWorkbook(content: Buffer): void {
  let unzipped = 0;
  let cells = 0;
  for (const entry of zipEntries(content)) {
    unzipped += entry.size;
    if (unzipped > IMPORT_LIMITS.bytes) {
      throw new InvalidInput('file', `unzips to more than ${megabytes(IMPORT_LIMITS.bytes)} (at part ${entry.name}); a plan workbook is far smaller, so this one is refused`);
    }
    const part = inflate(content, entry);
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) cells += checkSheet(part.toString('latin1'));
    if (cells > IMPORT_LIMITS.cells) {
      throw new InvalidInput('file', `holds more than ${IMPORT_LIMITS.cells.toLocaleString('en-GB')} cells; a plan may have at most ${IMPORT_LIMITS.rows.toLocaleString('en-GB')} rows of ${IMPORT_LIMITS.columns} columns`);
    }
  }
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const NOT_ZIP = 'is not a readable .xlsx workbook: it is not a zip file (a workbook with a password to open is not one: remove the password and save again)';
const DAMAGED = 'is a damaged .xlsx workbook; open it in Excel and save it again';

function zipEntries(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KB of comment.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), zip.length - 22);
  if (end < 0 || zip.length - end > 22 + 0xffff) throw new InvalidInput('file', NOT_ZIP);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new InvalidInput('file', 'is a ZIP64 archive, which no plan workbook needs; open it in Excel and save it again');
  if (count > IMPORT_LIMITS.zipEntries) throw new InvalidInput('file', `has ${count} parts; a workbook has about a dozen, at most ${IMPORT_LIMITS.zipEntries} are read`);
  if (directoryOffset + directorySize > end) throw new InvalidInput('file', `${DAMAGED} (its zip directory is broken)`);
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== 0x02014b50) throw new InvalidInput('file', `${DAMAGED} (its zip directory is broken)`);
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.flags & 1) throw new InvalidInput('file', `has an encrypted part (${entry.name}); remove the password and save again`);
    if (entry.method !== 0 && entry.method !== 8) throw new InvalidInput('file', `has a part (${entry.name}) compressed in a way Excel does not use; open it in Excel and save it again`);
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflate(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new InvalidInput('file', `${DAMAGED} (part ${entry.name} is missing)`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  let part: Buffer;
  try {
    part = entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch {
    part = Buffer.alloc(0); // Too large for its declared size (zlib stops at the ceiling), or corrupt: both are refused below.
  }
  if (part.length !== entry.size) throw new InvalidInput('file', `${DAMAGED} (part ${entry.name} does not hold the ${entry.size} bytes its zip declares)`);
  return part;
}

/** The cells a sheet's XML holds, refusing any address, row or declared extent beyond the limits. */
function checkSheet(xml: string): number {
  let cells = 0;
  for (const cell of xml.matchAll(/<(?:\w+:)?c\b([^>]*)>/g)) {
    cells++;
    const address = /\sr=["']([^"']+)["']/.exec(cell[1]);
    if (address) checkAddress(address[1], `has a cell at ${address[1]}`);
  }
  // Checked after the cells, so a stray cell is named rather than the row or extent it gives the sheet.
  for (const row of xml.matchAll(/<(?:\w+:)?row\b[^>]*?\sr=["'](\d+)["']/g)) {
    if (Number(row[1]) > IMPORT_LIMITS.rows) throw beyond(`has a row numbered ${Number(row[1]).toLocaleString('en-GB')}`);
  }
  const dimension = /<(?:\w+:)?dimension\b[^>]*?\sref=["']([^"']+)["']/.exec(xml);
  if (dimension) for (const corner of dimension[1].split(':')) checkAddress(corner, `the sheet says it spans ${dimension[1]}`);
  return cells;
}

function checkAddress(address: string, what: string): void {
  const parts = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address);
  if (!parts) throw new InvalidInput('file', `${DAMAGED} ("${address}" is not a cell address)`);
  let column = 0;
  for (const letter of parts[1].toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  if (column > IMPORT_LIMITS.columns || Number(parts[2]) > IMPORT_LIMITS.rows) throw beyond(what);
}

function beyond(what: string): InvalidInput {
  return new InvalidInput(
    'file',
    `${what}, beyond the ${IMPORT_LIMITS.rows.toLocaleString('en-GB')} rows and ${IMPORT_LIMITS.columns} columns (A to IV) a plan may have; ` +
      'in Excel, Ctrl+End finds the last cell in use: delete the rows and columns after the plan and save again',
  );
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
