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

/**
 * The names each type may carry. A name must say what the bytes are: a text file
 * called fake.exe, or a PDF called minutes.docx, would open in the wrong program
 * (or be run) on the reviewer's machine, so it is refused rather than renamed.
 */
const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  [ALLOWED.docx]: ['docx'],
  [ALLOWED.xlsx]: ['xlsx'],
  [ALLOWED.pptx]: ['pptx'],
  [ALLOWED.odt]: ['odt'],
  [ALLOWED.ods]: ['ods'],
  'text/plain': ['txt', 'text', 'md', 'log', 'tsv'],
  'text/csv': ['csv'],
};

const TYPE_WORDS: Record<string, string> = {
  'application/pdf': 'a PDF',
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  [ALLOWED.docx]: 'a Word document',
  [ALLOWED.xlsx]: 'an Excel workbook',
  [ALLOWED.pptx]: 'a PowerPoint presentation',
  [ALLOWED.odt]: 'an OpenDocument text',
  [ALLOWED.ods]: 'an OpenDocument spreadsheet',
  'text/plain': 'plain text',
  'text/csv': 'plain text',
};

/** The part of a file name after its last dot, lower case; none for "minutes" or ".profile". */
export function extensionOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/** The extension a download of this type is named with when its name has none. */
export function extensionFor(mediaType: string): string | undefined {
  return EXTENSIONS[mediaType]?.[0];
}

/**
 * The type of an evidence file by its bytes, refused (InvalidInput naming `file`)
 * when it is not a type evidence takes, or when its name's extension says another
 * type. A name with no extension is taken; its download is named with the type's.
 */
export function allowedMediaType(bytes: Buffer, fileName: string): string {
  const mediaType = mediaTypeByContent(bytes, fileName);
  const extension = extensionOf(fileName);
  const fits = EXTENSIONS[mediaType] ?? [];
  if (extension !== undefined && !fits.includes(extension)) {
    const text = mediaType.startsWith('text/');
    throw new InvalidInput('file', `is named .${extension} but its content is ${TYPE_WORDS[mediaType] ?? mediaType}; rename it to end .${text ? 'txt or .csv' : fits.join(' or .')} if that is what it is, or choose the file you meant`);
  }
  return mediaType;
}

/** What the bytes are, for a download: the evidence type they hold, or octet-stream when they are none of them. */
export function contentTypeOf(bytes: Buffer, fileName = ''): string {
  try {
    return mediaTypeByContent(bytes, fileName);
  } catch {
    return 'application/octet-stream';
  }
}

function mediaTypeByContent(bytes: Buffer, fileName: string): string {
  const extension = extensionOf(fileName) ?? '';
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
