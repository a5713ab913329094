import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { ReportDocument } from './report-tables';
import { InvalidInput } from '../../domain/errors';

export const FORMATS = ['json', 'md', 'csv', 'html', 'docx'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function requireFormat(value: string): ReportFormat {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidInput('format', `"${value}" is not a format; use ${FORMATS.join(', ')}`);
  return value as ReportFormat;
}

/** Render a report: JSON is the report's own data; the other formats its tables. */
export async function renderReport(format: ReportFormat, data: unknown, doc: ReportDocument): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(`${JSON.stringify(data, null, 2)}\n`);
    case 'md':
      return Buffer.from(renderMarkdown(doc));
    case 'csv':
      return Buffer.from(renderCsv(doc));
    case 'html':
      return Buffer.from(renderHtml(doc));
    case 'docx':
      // Loaded on the first Word export rather than with the app (the docx library is ~7 MB of heap).
      return (await import('./docx')).renderDocx(doc);
  }
}
