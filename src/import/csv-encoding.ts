import { InvalidInput } from '../domain/errors';

/** The encoding a plan's CSV was converted from, said in the import summary; absent when it was UTF-8. */
export type ConvertedFrom = 'Windows-1252';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const SAVE_AS_UTF8 = 'in Excel use File > Save As > "CSV UTF-8 (Comma delimited)"';

/**
 * Windows-1252 bytes 0x80-0x9F, where it differs from Latin-1 (undefined bytes are 0).
 * Written out rather than left to TextDecoder('windows-1252'): since Node 20.18.3 that
 * decoder takes the label as Latin-1 and gives C1 control characters for "€", "’", "–"
 * (checked on 20.20: 0x80 decodes to U+0080; nodejs/node#56542, #60888), so a curly
 * apostrophe typed in Excel would be lost.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * The text of a plan's CSV. UTF-8, with or without the BOM Excel's "CSV UTF-8"
 * writes, is read as it is. Bytes that are not UTF-8 are taken as Windows-1252 and
 * converted, and the summary says so: Excel's plain "CSV (Comma delimited)" on a UK
 * Windows machine saves in that code page, so that is what a council's file most
 * likely is, and refusing it would fail the commonest export there is. UTF-16 (Excel's
 * "Unicode Text") and bytes Windows-1252 leaves undefined are refused, saying how to save.
 */
export function decodeCsv(content: Buffer): { text: string; convertedFrom?: ConvertedFrom } {
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    throw new InvalidInput('file', `is UTF-16 text (Excel's "Unicode Text"), not CSV; ${SAVE_AS_UTF8}`);
  }
  const body = content.subarray(0, 3).equals(UTF8_BOM) ? content.subarray(3) : content;
  let text: string;
  let convertedFrom: ConvertedFrom | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    text = decodeWindows1252(body);
    convertedFrom = 'Windows-1252';
  }
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new InvalidInput('file', `holds a control character (U+${code}) at character ${control.index + 1}, so it is not a text CSV; ${SAVE_AS_UTF8}`);
  }
  return convertedFrom ? { text, convertedFrom } : { text };
}

function decodeWindows1252(bytes: Buffer): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const code = byte < 0x80 || byte >= 0xa0 ? byte : CP1252_HIGH[byte - 0x80];
    if (code === 0 && byte !== 0) {
      throw new InvalidInput('file', `is neither UTF-8 nor Windows-1252 (byte 0x${byte.toString(16).toUpperCase()} at position ${i + 1}); ${SAVE_AS_UTF8}`);
    }
    units[i] = code;
  }
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}
