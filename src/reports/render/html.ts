import { ReportDocument } from './report-tables';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone HTML page: semantic tables with captions and header cells; codes keep their text next to their colour. */
export function renderHtml(doc: ReportDocument): string {
  const tables = doc.tables
    .map((table) => {
      const colour = (cell: string) => table.colours?.[cell];
      const td = (cell: string) => {
        const c = colour(cell);
        return c ? `<td><span class="rag" style="border-left: 0.6em solid ${escape(c)}">${escape(cell)}</span></td>` : `<td>${escape(cell)}</td>`;
      };
      const body = table.rows.length === 0 ? `<tr><td colspan="${table.columns.length}">None.</td></tr>` : table.rows.map((row) => `<tr>${row.map(td).join('')}</tr>`).join('\n');
      const foot = (table.footer ?? []).map((row) => `<tr>${row.map((c) => `<th scope="row">${escape(c)}</th>`).join('')}</tr>`).join('\n');
      return `<h2>${escape(table.title)}</h2>
<table>
${table.caption ? `<caption>${escape(table.caption)}</caption>` : ''}
<thead><tr>${table.columns.map((c) => `<th scope="col">${escape(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>${foot ? `\n<tfoot>\n${foot}\n</tfoot>` : ''}
</table>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.title)}</title>
<style>body{font-family:Arial,sans-serif;margin:2rem;line-height:1.4}table{border-collapse:collapse;margin-bottom:2rem}th,td{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;margin-bottom:.5rem}.rag{padding-left:.4em}</style>
</head><body>
<h1>${escape(doc.title)}</h1>
<p>${escape(doc.subtitle)}</p>
${tables}
</body></html>
`;
}
