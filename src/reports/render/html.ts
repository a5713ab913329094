import { ReportDocument } from './report-tables';

/** A hex colour or a colour name: nothing that could close the rule or the style block. */
const CSS_COLOUR = /^(#[0-9a-f]{3,8}|[a-z]+)$/i;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone HTML page: semantic tables with captions and header cells; codes keep their text next to their colour. */
export function renderHtml(doc: ReportDocument): string {
  // A colour reaches its cell through a class in the one <style> block: a style="" attribute is
  // blocked by the Content-Security-Policy the server sends, which allows that block by its hash.
  const classes = new Map<string, string>();
  const colourClass = (colour: string) => {
    if (!classes.has(colour)) classes.set(colour, `rag-${classes.size + 1}`);
    return classes.get(colour) as string;
  };
  const tables = doc.tables
    .map((table) => {
      const colour = (cell: string) => table.colours?.[cell];
      const td = (cell: string) => {
        const c = colour(cell);
        return c && CSS_COLOUR.test(c) ? `<td><span class="rag ${colourClass(c)}">${escape(cell)}</span></td>` : `<td>${escape(cell)}</td>`;
      };
      const th = (cell: string, scope: 'col' | 'row') => {
        const c = colour(cell);
        return `<th scope="${scope}">${c && CSS_COLOUR.test(c) ? `<span class="rag ${colourClass(c)}">${escape(cell)}</span>` : escape(cell)}</th>`;
      };
      const notes = (table.notes ?? []).map((note) => `<p>${escape(note)}</p>`).join('\n');
      const body = table.rows.length === 0 ? `<tr><td colspan="${table.columns.length}">None.</td></tr>` : table.rows.map((row) => `<tr>${row.map(td).join('')}</tr>`).join('\n');
      const foot = (table.footer ?? []).map((row) => `<tr>${row.map((c) => th(c, 'row')).join('')}</tr>`).join('\n');
      return `<h2>${escape(table.title)}</h2>
<table>
${table.caption ? `<caption>${escape(table.caption)}</caption>` : ''}
<thead><tr>${table.columns.map((c) => th(c, 'col')).join('')}</tr></thead>
<tbody>
${body}
</tbody>${foot ? `\n<tfoot>\n${foot}\n</tfoot>` : ''}
</table>${notes ? `\n${notes}` : ''}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.title)}</title>
<style>body{font-family:Arial,sans-serif;margin:2rem;line-height:1.4}table{border-collapse:collapse;margin-bottom:2rem}th,td{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;margin-bottom:.5rem}.rag{padding-left:.4em}${[...classes].map(([colour, name]) => `.${name}{border-left:.6em solid ${colour}}`).join('')}</style>
</head><body>
<h1>${escape(doc.title)}</h1>
<p>${escape(doc.subtitle)}</p>
${tables}
</body></html>
`;
}
