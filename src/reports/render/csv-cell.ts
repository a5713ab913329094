/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
 * return, hide one after them): OWASP's list for CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, as data and never as code. A cell starting with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a single quote in front and is quoted, so Excel, LibreOffice and Google
 * Sheets show it as text (the quote visible) instead of working it out. Every one, with no exception for things that look like
 * numbers: our reports write no negative numbers or signed dates (counts, ISO dates and
 * percentages never start so), so only people's own text reaches here this way, and `-1+2` or
 * `+44 …` is theirs to keep as typed, not for a spreadsheet to work out.
 * Cells with a comma, quote or line break are quoted, with quotes doubled (RFC 4180).
 */
export function csvCell(text: string): string {
  const neutralised = FORMULA_START.test(text) ? `'${text}` : text;
  return neutralised !== text || /[",\r\n]/.test(text) ? `"${neutralised.replace(/"/g, '""')}"` : neutralised;
}
