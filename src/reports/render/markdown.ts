import { ReportDocument } from './report-tables';

/** Markdown a committee clerk can paste into a report. */
export function renderMarkdown(doc: ReportDocument): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const parts = [`# ${doc.title}`, '', doc.subtitle, ''];
  for (const table of doc.tables) {
    parts.push(`## ${table.title}`, '');
    if (table.caption) parts.push(table.caption, '');
    if (table.rows.length === 0) {
      parts.push('None.', '');
      for (const note of table.notes ?? []) parts.push(note, '');
      continue;
    }
    parts.push(`| ${table.columns.map(escape).join(' | ')} |`, `|${table.columns.map(() => ' --- ').join('|')}|`);
    for (const row of table.rows) parts.push(`| ${row.map(escape).join(' | ')} |`);
    for (const row of table.footer ?? []) parts.push(`| ${row.map((c) => `**${escape(c)}**`).join(' | ')} |`);
    parts.push('');
    for (const note of table.notes ?? []) parts.push(note, '');
  }
  return parts.join('\n');
}
