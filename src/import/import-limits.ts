/**
 * How big a plan file the importer reads. A real plan is a few hundred rows and a
 * few dozen columns (Sunderland's: 67 rows, 17 columns, 30 KB unzipped); these
 * leave room for a plan ten times that and a RAG column for every month of twenty
 * years, and refuse a hostile file before it is parsed, so it costs neither minutes nor memory.
 */
export const IMPORT_LIMITS = {
  /** Rows of the sheet, the heading row included. */
  rows: 5000,
  /** Columns of the sheet: 256 is column IV, the width of a worksheet before Excel 2007. */
  columns: 256,
  /** Cells with anything in them, across the workbook's sheets. */
  cells: 100_000,
  /** A CSV file, or the whole of an .xlsx unzipped: every part's bytes together. */
  bytes: 16 * 1024 * 1024,
  /** Parts of an .xlsx zip (a workbook Excel writes has about a dozen). */
  zipEntries: 500,
} as const;
