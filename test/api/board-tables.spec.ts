import { existsSync } from 'node:fs';
import JSZip from 'jszip';
import { contrastRatio } from '../../src/domain/colour-contrast';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { CLI, runCli } from '../support/run-cli';

/**
 * The board's tables (issue 25, item 4) through the real HTTP app and the built CLI: Table 1 at one
 * date in both orientations with totals, not yet rated and new actions, the same numbers in JSON,
 * md, csv, html and docx; both percentages with what they count; due between two dates; the
 * optional lead, due and update columns; a committee report of the sections a board chooses.
 *
 * The plan: two priorities, six actions, board dates "Jan 20" (31 Jan) and "Mar 20" (31 Mar 2020).
 * At Mar 20: priority 1 has 1.1 Amber, 1.2 Green, 1.3 not yet rated; priority 2 has 2.1 Red,
 * 2.2 not yet rated (added 10 Feb), 2.3 Green (added 1 Mar). So 4 rated, 2 not yet rated, 2 green
 * (50% of rated, 33.3% of all), and 2 new since Jan 20 (2.2 and 2.3).
 */
const PLAN = 'bt-plan';
const api = (name: string, query: string) => `/api/plans/${PLAN}/reports/${name}?${query}`;

/** Every table of a .docx as rows of cell texts; the heading paragraphs by style; the table header rows marked to repeat; the shaded cells. */
async function readDocx(bytes: Buffer) {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  const text = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => [...t[1].matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1]))));
  const headings = (style: string) => [...xml.matchAll(new RegExp(`<w:p>(?:(?!</w:p>)[\\s\\S])*?<w:pStyle w:val="${style}"/>([\\s\\S]*?)</w:p>`, 'g'))].map((p) => text(p[1]));
  const firstRows = [...xml.matchAll(/<w:tbl>[\s\S]*?<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]);
  const shaded = [...xml.matchAll(/<w:tc>((?:(?!<\/w:tc>)[\s\S])*?<w:shd [^>]*w:fill="([0-9A-Fa-f]{6})"[\s\S]*?)<\/w:tc>/g)].map((m) => ({
    fill: m[2].toLowerCase(),
    text: text(m[1]),
    colour: /<w:color w:val="([0-9A-Fa-f]{6})"\/>/.exec(m[1])?.[1].toLowerCase(),
  }));
  const paragraphs = [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((p) => text(p[1]));
  return { tables, heading1: headings('Heading1'), heading2: headings('Heading2'), firstRows, shaded, paragraphs };
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The first Markdown table as rows of cells (header first, the --- line left out, bold marks taken off). */
function mdTable(md: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i].startsWith('|'); i++) {
    if (/^\|( --- \|)+$/.test(lines[i])) continue;
    rows.push(lines[i].slice(2, -2).split(' | ').map((c) => c.replace(/^\*\*(.*)\*\*$/, '$1')));
  }
  return rows;
}

/** CSV records (RFC 4180: quoted cells may hold commas and doubled quotes). */
function csvRecords(csv: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r') continue;
    else if (ch === '\n') row.push(cell), records.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  return records;
}

/** The first CSV table: from its column line (after the title line) to the line before its notes. */
function csvTable(csv: string, width: number): string[][] {
  const records = csvRecords(csv);
  const rows = records.slice(1);
  return rows.slice(0, rows.findIndex((r) => r.length !== width) === -1 ? rows.length : rows.findIndex((r) => r.length !== width));
}

/** The first HTML table as rows of cell texts (head, body, foot), tags taken off. */
function htmlTable(html: string): string[][] {
  const table = /<table>([\s\S]*?)<\/table>/.exec(html)![1];
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescape(c[1].replace(/<[^>]+>/g, ''))));
}

const TABLE_BY_CODES = [
  ['RAG rating', 'Priority 1', 'Priority 2', 'Total'],
  ['Red (R)', '0', '1', '1'],
  ['Amber (A)', '1', '0', '1'],
  ['Green (G)', '1', '1', '2'],
  ['Completed (C)', '0', '0', '0'],
  ['Not yet rated', '1', '1', '2'],
  ['All actions', '3', '3', '6'],
  ['New actions, added after Jan 20', '0', '2', '2'],
];
const TABLE_BY_PRIORITIES = [
  ['Priority', 'Red (R)', 'Amber (A)', 'Green (G)', 'Completed (C)', 'Not yet rated', 'All actions'],
  ['1. Workforce', '0', '1', '1', '0', '1', '3'],
  ['2. Assessment', '1', '0', '1', '0', '1', '3'],
  ['Total', '1', '1', '2', '0', '2', '6'],
  ['New actions, added after Jan 20', '0', '0', '1', '0', '1', '2'],
];

describe('the board\'s tables', () => {
  let h: HttpHarness;
  const get = (path: string) => h.http().get(path).set(h.as('inspector'));
  const text = async (path: string) => {
    const response = await get(path).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    return response.body as Buffer;
  };

  beforeAll(async () => {
    h = await httpHarness('board-tables');
    const board = h.as('board');
    const post = (path: string, body: object) => h.http().post(`/api/plans${path}`).set(board).send(body).expect(201);
    await post('', { planId: PLAN, title: 'Board plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/priorities`, { number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/priorities`, { number: 2, title: 'Assessment', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/reporting-points`, { label: 'Jan 20', date: '2020-01-31', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/reporting-points`, { label: 'Mar 20', date: '2020-03-31', effectiveAt: '2020-01-01', reason: 'set up' });
    const action = (reference: string, priorityNumber: number, extra: object, effectiveAt = '2020-01-01') =>
      post(`/${PLAN}/actions`, { reference, priorityNumber, title: `Action ${reference}`, effectiveAt, reason: 'set up', ...extra });
    await action('1.1', 1, { initialRating: 'G', lead: 'Head of Workforce', dueDate: '2020-02-15' });
    await action('1.2', 1, { initialRating: 'G', lead: 'Principal Social Worker', dueDate: '2020-03-10' });
    await action('1.3', 1, { dueDate: '2020-04-30' });
    await action('2.1', 2, { initialRating: 'A', lead: 'Head of Assessment', dueDate: '2020-02-01' });
    await action('2.2', 2, { dueDate: '2020-03-20' }, '2020-02-10');
    await action('2.3', 2, { initialRating: 'G' }, '2020-03-01');
    const rate = (reference: string, code: string, commentary: string, effectiveAt: string) =>
      post(`/${PLAN}/actions/${reference}/ratings`, { code, commentary, effectiveAt, reason: 'agreed at the board' });
    await rate('1.1', 'A', 'Recruitment drive under way, 4 posts filled', '2020-03-15');
    await rate('2.1', 'R', 'Audit shows drift in assessments', '2020-03-16');
  });
  afterAll(() => h?.close());

  it('answers Table 1 at one date in JSON: totals per priority and overall, not yet rated, new actions since the board date before, both percentages', async () => {
    const { body } = await get(api('rag-table', 'asOf=Mar 20')).expect(200);
    expect(body.rows.map((r: { priority: number; counts: object; unrated: number; all: number; added: number }) => [r.priority, r.counts, r.unrated, r.all, r.added])).toEqual([
      [1, { R: 0, A: 1, G: 1, C: 0 }, 1, 3, 0],
      [2, { R: 1, A: 0, G: 1, C: 0 }, 1, 3, 2],
    ]);
    expect(body.totals).toEqual({ counts: { R: 1, A: 1, G: 2, C: 0 }, unrated: 2, rated: 4, all: 6 });
    expect(body.newActions).toMatchObject({ since: { label: 'Jan 20', chosen: 'previous board date' }, counts: { G: 1 }, unrated: 1, all: 2 });
    expect(body.onTrackOrCompleted.ofRated).toMatchObject({ percent: 50, count: 2, of: 4 });
    expect(body.onTrackOrCompleted.ofAll).toMatchObject({ percent: 33.3, count: 2, of: 6 });
    // A date the board gives for "new" wins, and the table says it was given.
    const given = (await get(api('rag-table', 'asOf=Mar 20&newSince=2020-02-20')).expect(200)).body;
    expect(given.newActions).toMatchObject({ since: { label: '2020-02-20', chosen: 'given' }, all: 1 });
  });

  it.each([
    ['codes', TABLE_BY_CODES],
    ['priorities', TABLE_BY_PRIORITIES],
  ])('prints Table 1 with %s as rows, the same cells in md, csv, html and docx', async (orientation, expected) => {
    const query = `asOf=Mar 20&orientation=${orientation}`;
    const md = (await text(api('rag-table', `${query}&format=md`))).toString();
    const csv = (await text(api('rag-table', `${query}&format=csv`))).toString();
    const html = (await text(api('rag-table', `${query}&format=html`))).toString();
    const docx = await readDocx(await text(api('rag-table', `${query}&format=docx`)));
    const seen = { md: mdTable(md), csv: csvTable(csv, expected[0].length), html: htmlTable(html), docx: docx.tables[0] };
    process.stdout.write(`rag-table (${orientation} as rows) at Mar 20, as read back from each format:\n${JSON.stringify(seen.docx)}\n`);
    expect(seen).toEqual({ md: expected, csv: expected, html: expected, docx: expected });
  });

  it('states both percentages and what each counts, and what the new-actions row counts, in every format', async () => {
    const sentences = [
      'On track or completed at Mar 20: 50% of rated actions (2 of 4); 33.3% of all actions (2 of 6).',
      'Of rated actions: on track or completed, out of the actions rated at the date (actions not yet rated are left out).',
      'Of all actions: on track or completed, out of every action on the plan at the date (actions not yet rated count as not on track).',
      'New actions: added to the plan after Jan 20 (2020-01-31, the previous board date) and by Mar 20 (2020-03-31); they are already counted in the rows above.',
    ];
    const md = (await text(api('rag-table', 'asOf=Mar 20&format=md'))).toString();
    const csv = csvRecords((await text(api('rag-table', 'asOf=Mar 20&format=csv'))).toString()).map((r) => r.join(','));
    const html = unescape((await text(api('rag-table', 'asOf=Mar 20&format=html'))).toString());
    const docx = await readDocx(await text(api('rag-table', 'asOf=Mar 20&format=docx')));
    for (const sentence of sentences) {
      expect({ sentence, md: md.includes(sentence), csv: csv.includes(sentence), html: html.includes(`<p>${sentence}</p>`), docx: docx.paragraphs.includes(sentence) }).toEqual({ sentence, md: true, csv: true, html: true, docx: true });
    }
  });

  it('shows a plan with one of eight actions rated (green) as 100% of rated actions and 12.5% of all actions, not 100% alone', async () => {
    const board = h.as('board');
    const post = (path: string, body: object) => h.http().post(`/api/plans${path}`).set(board).send(body).expect(201);
    await post('', { planId: 'one-of-eight', title: 'New plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' });
    await post('/one-of-eight/priorities', { number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' });
    for (let i = 1; i <= 8; i++) await post('/one-of-eight/actions', { reference: `1.${i}`, priorityNumber: 1, title: `Action 1.${i}`, effectiveAt: '2020-01-01', reason: 'set up', ...(i === 1 ? { initialRating: 'G' } : {}) });
    const table = (await get('/api/plans/one-of-eight/reports/rag-table?asOf=2020-02-01').expect(200)).body;
    expect({ ofRated: table.onTrackOrCompleted.ofRated.percent, ofAll: table.onTrackOrCompleted.ofAll.percent, unrated: table.totals.unrated }).toEqual({ ofRated: 100, ofAll: 12.5, unrated: 7 });
    const summary = (await get('/api/plans/one-of-eight/reports/rag-summary?from=2020-01-15&to=2020-02-01&format=md').expect(200)).text;
    expect(summary).toContain('On track or completed at 2020-02-01: 100% of rated actions (1 of 1); 12.5% of all actions (1 of 8).');
  });

  it('prints the two-date Table 1 as the printed report lays it out, then its not-yet-rated and all-actions counts, in md, csv, html and docx, totals equal to the JSON (and the web page)', async () => {
    const query = 'from=Jan 20&to=Mar 20';
    const { body } = await get(api('rag-summary', query)).expect(200);
    // At Jan 20: 1.1 G, 1.2 G, 2.1 A rated; 1.3 not yet rated (2.2 and 2.3 not yet added). At Mar 20, 4 rated and 2 not.
    expect({ unrated: body.totals.unrated, rated: body.totals.rated }).toEqual({ unrated: [1, 2], rated: [3, 4] });
    const codeTotals = ['Totals', ...['R', 'A', 'G', 'C'].flatMap((code) => body.totals.counts[code].map(String))];
    expect(codeTotals).toEqual(['Totals', '0', '1', '1', '1', '2', '2', '0', '0']);
    const unratedTable = [
      ['Priority', 'Not yet rated Jan 20', 'Not yet rated Mar 20', 'All actions Jan 20', 'All actions Mar 20'],
      ['1. Workforce', '1', '1', '3', '3'],
      ['2. Assessment', '0', '1', '1', '3'],
      ['Totals', '1', '2', '4', '6'],
    ];
    const md = (await text(api('rag-summary', `${query}&format=md`))).toString();
    const csv = (await text(api('rag-summary', `${query}&format=csv`))).toString();
    const html = (await text(api('rag-summary', `${query}&format=html`))).toString();
    const docx = (await readDocx(await text(api('rag-summary', `${query}&format=docx`)))).tables;
    const second = <T>(parts: T[]) => parts[1];
    const seen = {
      md: [mdTable(md), mdTable(md.slice(md.indexOf('## Table 1 (continued)')))],
      csv: [csvTable(csv, codeTotals.length), csvTable(second(csv.split('\r\n\r\n')), unratedTable[0].length)],
      html: [htmlTable(html), htmlTable(html.slice(html.indexOf('<h2>Table 1 (continued)')))],
      docx,
    };
    for (const [format, [table1, continued]] of Object.entries(seen)) {
      expect({ format, totals: table1[table1.length - 1], continued }).toEqual({ format, totals: codeTotals, continued: unratedTable });
    }
    expect(body.shares[1].ofAll).toMatchObject({ percent: 33.3, count: 2, of: 6 });
    expect(body.onTrackOrCompleted).toEqual([66.7, 50]);
  });

  it('lists the actions due between two dates (both included), apart from due-by, with the percentages defined', async () => {
    const { body } = await get(api('due-between', 'dueFrom=2020-02-10&dueTo=2020-03-10&asOf=Mar 20')).expect(200);
    const refs = (lines: { reference: string }[]) => lines.map((l) => l.reference);
    expect({ from: body.dueFrom, to: body.dueBy, onTrack: refs(body.onTrackNotYetEvidenced), delayed: refs(body.delayed), notYetRated: refs(body.notYetRated) }).toEqual({
      from: '2020-02-10',
      to: '2020-03-10',
      onTrack: ['1.2'],
      delayed: ['1.1'],
      notYetRated: [],
    });
    const dueBy = (await get(api('due-by', 'dueBy=2020-03-10&asOf=Mar 20')).expect(200)).body;
    expect(refs(dueBy.delayed)).toEqual(['1.1', '2.1']);
    const md = (await text(api('due-between', 'dueFrom=2020-02-10&dueTo=2020-03-10&asOf=Mar 20&format=md'))).toString();
    expect(md).toContain('# Actions due between 2020-02-10 and 2020-03-10');
    expect(md).toContain('Actions due between 2020-02-10 and 2020-03-10: 50% of rated actions and 50% of all of them are on track or completed.');
    expect(md).toContain('Of all actions: on track or completed, out of every action on the plan at the date');
  });

  it.each([
    ['due-between', 'dueFrom=2020-03-10&dueTo=2020-02-10', 'dueFrom'],
    ['due-between', 'dueFrom=2020-02-10', 'dueTo'],
    ['due-between', 'dueFrom=soon&dueTo=2020-03-10', 'dueFrom'],
    ['rag-table', 'asOf=Mar 20&orientation=diagonal', 'orientation'],
    ['rag-table', 'asOf=Jan 20&newSince=Mar 20', 'newSince'],
    ['previous-vs-current', 'from=Jan 20&columns=lead,colour', 'columns'],
    ['committee', 'from=Jan 20&sections=rag-table,kpi-dial', 'sections'],
    ['committee', 'from=Jan 20&sections=due-between', 'dueFrom'],
  ])('refuses %s with %s: a 400 naming %s, nothing appended', async (name, query, field) => {
    const before = await h.eventCount();
    const response = await get(api(name, query));
    expect({ status: response.status, fields: (response.body.fields ?? []).map((f: { field: string }) => f.field), detail: typeof response.body.detail }).toEqual({ status: 400, fields: [field], detail: 'string' });
    expect(await h.eventCount()).toBe(before);
  });

  it('adds the lead, due date and update from the service to Previous vs Current when asked, and only then', async () => {
    const plain = mdTable((await text(api('previous-vs-current', 'from=Jan 20&to=Mar 20&format=md'))).toString());
    expect(plain[0]).toEqual(['Action', 'Jan 20', 'Mar 20']);
    const withColumns = mdTable((await text(api('previous-vs-current', 'from=Jan 20&to=Mar 20&columns=lead,due,commentary&format=md'))).toString());
    expect(withColumns).toEqual([
      ['Action', 'Jan 20', 'Mar 20', 'Lead', 'Due', 'Update from service'],
      ['(1.1) Action 1.1', 'G', 'A', 'Head of Workforce', '2020-02-15', 'Recruitment drive under way, 4 posts filled'],
    ]);
    const overdue = (await text(api('overdue', 'asOf=Mar 20&columns=commentary&format=csv'))).toString();
    expect(csvRecords(overdue).slice(1, 3)).toEqual([
      ['Action', 'Lead', 'Due', 'RAG', 'Update from service'],
      ['1.1 Action 1.1', 'Head of Workforce', '2020-02-15', 'A', 'Recruitment drive under way, 4 posts filled'],
    ]);
  });

  it('assembles the committee report from the sections the board chooses, in its order, as a Word file with real headings, repeating header rows and coloured codes beside their text', async () => {
    const query = 'from=Jan 20&to=Mar 20&sections=rag-table,red-amber,due-between,new-actions&dueFrom=2020-02-01&dueTo=2020-03-31&orientation=priorities';
    const { body } = await get(api('committee', query)).expect(200);
    expect(Object.keys(body)).toEqual(['table', 'redOrAmber', 'due', 'added']);
    const docx = await readDocx(await text(api('committee', `${query}&format=docx`)));
    expect(docx.heading1).toEqual(['Board plan: progress report']);
    expect(docx.heading2).toEqual([
      'Table 1: RAG rating of actions by priority at Mar 20',
      'Priority 1: actions rated Red or Amber, with updates',
      'Priority 2: actions rated Red or Amber, with updates',
      'Completed and evidenced',
      'Completed as reported by an imported plan file (not signed off here)',
      'On track, evidence not yet received',
      'On track, evidence accepted, awaiting sign-off',
      'Delayed (Red or Amber)',
      'Not yet rated',
      'Actions to be added to the plan',
    ]);
    expect(docx.tables[0]).toEqual(TABLE_BY_PRIORITIES);
    expect(docx.tables[1]).toEqual([
      ['Action', 'Jan 20', 'Mar 20', 'Lead', 'Due', 'Update from service'],
      ['(1.1) Action 1.1', 'G', 'A', 'Head of Workforce', '2020-02-15', 'Recruitment drive under way, 4 posts filled'],
    ]);
    // Every table's first row repeats on each page (w:tblHeader), so a long table keeps its headings.
    expect(docx.firstRows.length).toBe(docx.tables.length);
    expect(docx.firstRows.every((row) => row.includes('<w:tblHeader/>'))).toBe(true);
    // The colours are the scale's, and each shaded cell still says its code or label.
    const fills = new Map(docx.shaded.map((s) => [s.text, s.fill]));
    expect({ red: fills.get('Red (R)'), amber: fills.get('A'), green: fills.get('Green (G)') }).toEqual({ red: 'd4351c', amber: 'f47738', green: '00703c' });
    expect(docx.shaded.every((s) => s.text.trim() !== '')).toBe(true);
    // Its text is in a colour that reads on that fill: 4.5:1 or better (WCAG AA), for every code of the scale.
    const contrasts = docx.shaded.map((s) => ({ text: s.text, ratio: s.colour ? Math.round(contrastRatio(`#${s.fill}`, `#${s.colour}`) * 10) / 10 : 0 }));
    process.stdout.write(`Word cells shaded by code, with the contrast of their text: ${JSON.stringify(contrasts)}\n`);
    expect(contrasts.filter((c) => c.ratio < 4.5)).toEqual([]);
    // The same sections in HTML: the code beside its colour.
    const html = (await text(api('committee', `${query}&format=html`))).toString();
    expect(html).toMatch(/<td><span class="rag rag-\d+">A<\/span><\/td>/);
  });

  it('links the web page\'s Table 1 to the one-date table at the later date, new actions counted from the earlier', async () => {
    const page = await h.http().get(`/plans/${PLAN}/summary?from=${encodeURIComponent('Jan 20')}&to=${encodeURIComponent('Mar 20')}`).set(h.as('inspector')).expect(200);
    const href = unescape(/href="(\/api\/plans\/[^"]*\/reports\/rag-table\?[^"]*format=csv)"/.exec(page.text)![1]);
    expect(href).toBe(`/api/plans/${PLAN}/reports/rag-table?newSince=Jan+20&asOf=Mar+20&format=csv`);
    expect(csvTable((await text(href)).toString(), TABLE_BY_CODES[0].length)).toEqual(TABLE_BY_CODES);
    expect(page.text).toContain('of all actions at Jan 20');
  });

  it('takes an optional first due date on the web page\'s due form, listing only the window, and names that box when it is after the last', async () => {
    const date = (prefix: string, d: string) => d.split('-').reverse().map((part, i) => `${prefix}-${['day', 'month', 'year'][i]}=${Number(part)}`).join('&');
    const page = await h.http().get(`/plans/${PLAN}/due?${date('dueFrom', '2020-02-10')}&${date('dueBy', '2020-03-10')}&${date('asOf', '2020-03-31')}`).set(h.as('inspector')).expect(200);
    const listed = [...page.text.matchAll(/<a class="govuk-link" href="[^"]*\/actions\/([\d.]+)[^"]*">/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(['1.1', '1.2']);
    expect(page.text).toMatch(/of the rated actions due between .*10 February 2020.* and .*10 March 2020/);
    expect(page.text).toContain('/reports/due-between?dueFrom=2020-02-10&amp;dueTo=2020-03-10');
    const before = await h.eventCount();
    const refused = await h.http().get(`/plans/${PLAN}/due?${date('dueFrom', '2020-03-11')}&${date('dueBy', '2020-03-10')}`).set(h.as('inspector'));
    expect(refused.text).toMatch(/<a href="#dueFrom-day">[^<]*is after the last due date/);
    expect(await h.eventCount()).toBe(before);
  });

  it('prints Table 1 at one date from the CLI, with --rows, the same cells as the API', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -p tsconfig.build.json" first`);
    const csv = runCli(h.config.dataDir, ['report', 'rag-table', '--plan', PLAN, '--as-of', 'Mar 20', '--rows', 'priorities', '--format', 'csv']);
    expect(csv.stderr).toBe('');
    expect(csvTable(csv.stdout, TABLE_BY_PRIORITIES[0].length)).toEqual(TABLE_BY_PRIORITIES);
    const due = runCli(h.config.dataDir, ['report', 'due-between', '--plan', PLAN, '--due-from', '2020-02-10', '--due-to', '2020-03-10', '--as-of', 'Mar 20', '--columns', 'commentary']);
    expect(due.status).toBe(0);
    expect(due.stdout).toContain('| 1.1 Action 1.1 | Head of Workforce | 2020-02-15 | A | Recruitment drive under way, 4 posts filled |');
    const refused = runCli(h.config.dataDir, ['report', 'rag-table', '--plan', PLAN, '--rows', 'sideways']);
    expect({ status: refused.status, says: refused.stderr.includes('orientation') }).toEqual({ status: 2, says: true });
  });
});
