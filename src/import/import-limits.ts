/**
 * How big a plan file the importer reads. A real plan is a few hundred rows and a
 * few dozen columns (Sunderland's: 67 rows of 13 columns); these
 * leave room for a plan ten times that and a RAG column for every month of twenty
 * years, and refuse a hostile file before it is parsed, so it costs neither minutes nor memory.
 */
export const IMPORT_LIMITS = {
  /** Rows of the sheet, the heading row included. */
  rows: 5000,
  /** Columns of the sheet: 256 is column IV, the width of a worksheet before Excel 2007. */
  columns: 256,
  /**
   * Cells across the workbook's sheets. exceljs holds an object for each: at this
   * limit (2,499 rows of 20) a read peaks about 65 MB above the importer's own 68 MB
   * (npm run bench:hostile-files); 100,000 cells took 90 MB more.
   */
  cells: 50_000,
  /** A CSV file, or the whole of an .xlsx unzipped: every part's bytes together (one 8 MB cell peaks at 134 MB resident; 16 MB at 182). */
  bytes: 8 * 1024 * 1024,
  /** Parts of an .xlsx zip (a workbook Excel writes has about a dozen). */
  zipEntries: 500,
} as const;
