import { filetypeinfo } from 'magic-bytes.js';
import { InvalidInput } from '../domain/errors';

/**
 * Evidence is judged by its bytes, not its name: a file called audit.pdf that is
 * really an executable is refused. magic-bytes.js reads the signature; plain text
 * and CSV have none, so they are accepted only when they are valid UTF-8 without
 * control characters, with or without the byte-order mark Notepad and Excel's
 * "CSV UTF-8" put first (which magic-bytes.js takes for a signature).
 */
const ALLOWED: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};
const OOXML = ['docx', 'xlsx', 'pptx'];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const SAVE_AS_UTF8 = 'save it as UTF-8 (in Excel, "CSV UTF-8"; in Notepad, encoding UTF-8) and upload it again';

export function allowedMediaType(bytes: Buffer, fileName: string): string {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const textType = extension === 'csv' ? 'text/csv' : 'text/plain';
  if (bytes.subarray(0, 3).equals(UTF8_BOM) && isPlainText(bytes.subarray(3))) return textType;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new InvalidInput('file', `is UTF-16 text; ${SAVE_AS_UTF8}`);
  const found = filetypeinfo(new Uint8Array(bytes.subarray(0, 4100)));
  for (const info of found) {
    if (ALLOWED[info.typename]) return ALLOWED[info.typename];
    // Office documents are ZIP files: the signature says zip, the name says which kind; check the part list says Office.
    if (info.typename === 'zip' && OOXML.includes(extension) && bytes.includes(Buffer.from('[Content_Types].xml'))) return ALLOWED[extension];
  }
  if (found.length === 0 && isPlainText(bytes)) return textType;
  if (found.length === 0 && isSingleByteText(bytes)) throw new InvalidInput('file', `is text, but not UTF-8 (Windows-1252 or Latin-1, perhaps); ${SAVE_AS_UTF8}`);
  const seen = found[0]?.typename ?? 'binary data';
  throw new InvalidInput('file', `is ${seen}, which is not accepted as evidence; upload a PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain text file`);
}

function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return false;
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
}

/** Text in a single-byte code page: not UTF-8, but no byte a text file would not hold. */
function isSingleByteText(bytes: Buffer): boolean {
  return bytes.length > 0 && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(bytes.toString('latin1'));
}
