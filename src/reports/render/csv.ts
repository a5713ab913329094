import { ReportDocument } from './report-tables';

/** CSV for Excel: one block per table, the table's title on its own line first. */
export function renderCsv(doc: ReportDocument): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const line = (cells: string[]) => cells.map(quote).join(',');
  const blocks = doc.tables.map((table) => [line([table.title]), line(table.columns), ...table.rows.map(line), ...(table.footer ?? []).map(line)].join('\r\n'));
  return `${blocks.join('\r\n\r\n')}\r\n`;
}
