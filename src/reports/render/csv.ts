import { csvCell } from './csv-cell';
import { ReportDocument } from './report-tables';

/** CSV for Excel: one block per table, the table's title on its own line first and its notes (what a percentage counts) on lines after; every cell through csvCell, so none is a formula. */
export function renderCsv(doc: ReportDocument): string {
  const line = (cells: string[]) => cells.map(csvCell).join(',');
  const blocks = doc.tables.map((table) => [line([table.title]), line(table.columns), ...table.rows.map(line), ...(table.footer ?? []).map(line), ...(table.notes ?? []).map((note) => line([note]))].join('\r\n'));
  return `${blocks.join('\r\n\r\n')}\r\n`;
}
