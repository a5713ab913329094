import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settableClock } from '../support/clock';
import { httpHarness, HttpHarness } from '../support/http-harness';

const VERIFIER = join(__dirname, '../../tools/verify-export.js');
const PLAN = 'tools-plan';

/**
 * The auditor's and inspector's tools on the web pages (issue 26, items 3 and 6), through the real HTTP
 * server on a real SQLite file: the signed record's page (keys with fingerprints, checkpoints, exports, a
 * proof for any event), event ids on an action's history, "as recorded at" to the minute in UK time, and
 * the charts, whose figures are read back from the SVG and compared with the table beside each.
 *
 * The wall clock is set, so the entries fall in known minutes of a summer day (British Summer Time, an
 * hour ahead of UTC): 14:05 on the page is 13:05 UTC in the record.
 */
describe('the auditor’s and inspector’s tools on the pages', () => {
  let h: HttpHarness;
  let clock: ReturnType<typeof settableClock>;
  let dir: string;
  const page = async (path: string, role: 'auditor' | 'inspector' | 'lead' | 'board' = 'auditor') => h.http().get(path).set(h.as(role));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const verify = (path: string, ...args: string[]) => spawnSync(process.execPath, [VERIFIER, path, ...args], { encoding: 'utf8', timeout: 30000 });
  const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const hrefs = (html: string, pattern: RegExp) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => decode(m[1])).filter((href) => pattern.test(href));

  beforeAll(async () => {
    clock = settableClock('2026-07-10T09:00:00Z');
    h = await httpHarness('web-auditor-tools');
    dir = h.config.dataDir as string;
    const board = h.as('board');
    const post = (path: string, body: unknown, who = board) => h.http().post(`/api/plans${path}`).set(who).send(body as object).expect(201);
    await post('', { planId: PLAN, title: 'Tools plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/priorities`, { number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/priorities`, { number: 2, title: 'Practice', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/reporting-points`, { label: 'Jan 20', date: '2020-01-31', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/reporting-points`, { label: 'Mar 20', date: '2020-03-31', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/actions`, { reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/actions`, { reference: '1.2', priorityNumber: 1, title: 'Supervision', initialRating: 'R', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/actions`, { reference: '2.1', priorityNumber: 2, title: 'Audits', initialRating: 'G', effectiveAt: '2020-01-01', reason: 'set up' });
    await post(`/${PLAN}/actions/1.1/ratings`, { code: 'G', commentary: 'Caseloads down', effectiveAt: '2020-02-15', reason: 'late entry from the February board' });
    await post(`/${PLAN}/actions/1.2/ratings`, { code: 'A', commentary: 'Supervision monthly', effectiveAt: '2020-03-10', reason: 'late entry' });
    // 14:05:30 British Summer Time: a new rating of 1.1, recorded a minute the inspector will ask about.
    clock.set('2026-07-10T13:05:30Z');
    await post(`/${PLAN}/actions/1.1/ratings`, { code: 'R', commentary: 'Three leavers' }, h.as('lead'));
    clock.set('2026-07-10T13:20:00Z');
    await h.http().post('/api/audit/checkpoints').set(h.as('auditor')).expect(201);
  });
  afterAll(async () => {
    await h?.close();
    clock?.restore();
  });

  it('shows the key with its SHA-256 fingerprint, every checkpoint, and exports that download and verify', async () => {
    const response = await page('/record');
    expect(response.status).toBe(200);
    const html = response.text;
    // The fingerprint as the page shows it is the SHA-256 of the key's DER (SPKI), worked out here from the PEM the page links to.
    const keyHref = hrefs(html, /^\/record\/public-keys\//)[0];
    const pem = (await page(keyHref)).text;
    expect(pem).toMatch(/BEGIN PUBLIC KEY/);
    const fingerprint = createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex');
    const shown = /<code class="app-hash app-fingerprint">([0-9a-f ]+)<\/code>/.exec(html)?.[1];
    expect(shown?.replace(/ /g, '')).toBe(fingerprint);
    expect(html).toContain('SHA-256 hash of the key in its standard binary form');
    // The checkpoint just signed: its size is the whole log, its time as the page says times, its signature in full.
    const checkpoints = (await page('/api/audit/checkpoints')).body.checkpoints as { treeSize: number; signature: string }[];
    const newest = checkpoints[checkpoints.length - 1];
    expect(newest.treeSize).toBe(await h.eventCount());
    expect(html).toContain(`data-tree-size="${newest.treeSize}"`);
    expect(html).toContain(newest.signature);
    expect(html).toContain('10 July 2026 at 14:20');
    expect(html).toContain('None: no witnesses are set up for this record');
    // The plan's export, downloaded from the link on the page, checks out with the key downloaded from the page.
    const exportHref = hrefs(html, /^\/api\/audit\/export\?plan=/)[0];
    expect(exportHref).toBe(`/api/audit/export?plan=${PLAN}`);
    const exported = await page(exportHref);
    expect(exported.status).toBe(200);
    const run = verify(file('tools-plan.jsonl', exported.text), '--public-key', file('key.pem', pem));
    expect(run.stdout).toMatch(/RESULT: intact/);
    expect(run.status).toBe(0);
    // Whole-record export linked too.
    expect(hrefs(html, /^\/api\/audit\/export$/)).toHaveLength(1);
  });

  it('is for auditors, inspectors and administrators: a lead is refused, and sees no link to it', async () => {
    expect((await page('/record', 'inspector')).status).toBe(200);
    expect((await page('/record', 'lead')).status).toBe(403);
    expect((await page(`/plans/${PLAN}`, 'lead')).text).not.toContain('href="/record"');
    expect((await page(`/plans/${PLAN}`, 'inspector')).text).toContain('href="/record"');
  });

  it('shows each history entry’s event id to an auditor, with a proof bundle that verifies; a lead sees neither', async () => {
    const events = (await page(`/api/streams/action-${PLAN}%2F1.1/events`)).body.events as { eventId: string }[];
    expect(events.length).toBeGreaterThanOrEqual(3);
    const auditorView = (await page(`/plans/${PLAN}/actions/1.1`)).text;
    const leadView = (await page(`/plans/${PLAN}/actions/1.1`, 'lead')).text;
    for (const { eventId } of events) {
      expect(auditorView).toContain(`<code class="app-hash app-event-id">${eventId}</code>`);
      expect(leadView).not.toContain(`app-event-id">${eventId}`);
    }
    expect(auditorView).toContain('class="moj-timeline app-timeline"');
    const [bundleHref] = hrefs(auditorView, /^\/api\/audit\/bundles\/events\//);
    expect(hrefs(leadView, /^\/api\/audit\/bundles\/events\//)).toHaveLength(0);
    const bundle = await page(bundleHref);
    expect(bundle.status).toBe(200);
    const key = file('key-for-bundle.pem', (await page('/api/audit/public-key')).body.keys[0].pem);
    const checked = verify(file('entry.json', bundle.text), '--public-key', key);
    expect(checked.stdout).toMatch(/RESULT: intact/);
    // The history's own bundle, from the same page, verifies too.
    const history = await page(hrefs(auditorView, /^\/api\/audit\/bundles\/actions\//)[0]);
    expect(verify(file('history.json', history.text), '--public-key', key).status).toBe(0);
  });

  it('gives the proof for an event id typed on the record page, and says what is wrong with a blank one', async () => {
    const [{ eventId }] = (await page(`/api/streams/action-${PLAN}%2F1.2/events`)).body.events as { eventId: string }[];
    const sent = await page(`/record/event-proof?eventId=${encodeURIComponent(` ${eventId} `)}`, 'inspector');
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/api/audit/bundles/events/${eventId}`);
    const blank = await page('/record/event-proof?eventId=', 'inspector');
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('href="#eventId">Enter the event id');
  });

  it('reads "as recorded at" to the minute in UK time: 14:04 is before the new rating, 14:05 after it', async () => {
    const at = (time: string) => page(`/plans/${PLAN}/actions/1.1?knownAt-day=10&knownAt-month=7&knownAt-year=2026&knownAt-time=${encodeURIComponent(time)}`, 'inspector');
    const rated = (html: string) => /RAG rating<\/dt>\s*<dd class="govuk-summary-list__value">\s*<strong class="govuk-tag app-rag-tag[^"]*">([^<]+)<\/strong>/.exec(html)?.[1];
    const before = await at('14:04');
    expect(before.status).toBe(200);
    expect(rated(before.text)).toBe('Green (G)');
    expect(before.text).toContain('as recorded by 10 July 2026 at 14:04');
    expect(before.text).not.toContain('Three leavers');
    // The time typed is put back in its box, in UK time.
    expect(before.text).toMatch(/id="knownAt-time" name="knownAt-time"[^>]* value="14:04"/);
    const after = await at('2:05pm');
    expect(rated(after.text)).toBe('Red (R)');
    expect(after.text).toContain('Three leavers');
    const bad = await at('25:70');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#knownAt-time">The time must be a real time of day');
    // What was typed stays in the boxes, the day and the time as typed.
    expect(bad.text).toMatch(/id="knownAt-time" name="knownAt-time"[^>]* value="25:70"/);
    expect(bad.text).toMatch(/id="knownAt-year" name="knownAt-year"[^>]* value="2026"/);
    expect(bad.text).not.toContain('Where it stands');
  });

  it('answers an earlier day with what was on record then, not an error above today’s figures', async () => {
    const response = await page(`/plans/${PLAN}/actions/1.1?knownAt-day=9&knownAt-month=7&knownAt-year=2026`, 'inspector');
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('There is a problem');
    expect(response.text).toContain('Nothing about action 1.1 had been recorded by the end of 9 July 2026');
    expect(response.text).not.toContain('Where it stands');
    expect(response.text).not.toContain('Three leavers');
  });

  /** A chart's bars as its SVG draws them, and the table beside it, each as { label: { code: count } }. */
  const chartAndTable = (html: string, id: string) => {
    const svg = new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
    const table = new RegExp(`<table[^>]*data-chart-table="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
    const drawn: Record<string, Record<string, number>> = {};
    for (const bar of svg.matchAll(/<g class="app-chart__bar" data-label="([^"]+)" data-total="(\d+)">([\s\S]*?)<\/g>/g)) {
      const label = decode(bar[1]);
      drawn[label] = { total: Number(bar[2]) };
      for (const rect of bar[3].matchAll(/data-code="([^"]+)" data-count="(\d+)"/g)) drawn[label][rect[1]] = Number(rect[2]);
    }
    const tabled: Record<string, Record<string, number>> = {};
    for (const row of table.matchAll(/<tr class="govuk-table__row" data-label="([^"]+)">([\s\S]*?)<\/tr>/g)) {
      const label = decode(row[1]);
      tabled[label] = { total: Number(/<td[^>]*data-total>(\d+)<\/td>/.exec(row[2])?.[1]) };
      // A zero is a cell in the table but no segment in the picture.
      for (const cell of row[2].matchAll(/data-code="([^"]+)">(\d+)<\/td>/g)) if (Number(cell[2]) > 0) tabled[label][cell[1]] = Number(cell[2]);
    }
    return { drawn, tabled };
  };

  it('draws the summary’s charts with the figures of the tables beside them and of Table 1', async () => {
    const html = (await page(`/plans/${PLAN}/summary?from=Jan+20&to=Mar+20`, 'board')).text;
    const atDates = chartAndTable(html, 'rag-at-board-dates');
    expect(Object.keys(atDates.drawn)).toEqual(['Jan 20', 'Mar 20']);
    expect(atDates.drawn).toEqual(atDates.tabled);
    // Jan 20: 1.1 amber, 1.2 red, 2.1 green; Mar 20: 1.1 green (from 15 Feb), 1.2 amber (from 10 Mar), 2.1 green.
    expect(atDates.drawn['Jan 20']).toEqual({ total: 3, R: 1, A: 1, G: 1 });
    expect(atDates.drawn['Mar 20']).toEqual({ total: 3, A: 1, G: 2 });
    const movement = chartAndTable(html, 'priority-movement');
    expect(movement.drawn).toEqual(movement.tabled);
    expect(movement.drawn['Priority 1, Jan 20']).toEqual({ total: 2, R: 1, A: 1 });
    expect(movement.drawn['Priority 1, Mar 20']).toEqual({ total: 2, A: 1, G: 1 });
    expect(movement.drawn['Priority 2, Mar 20']).toEqual({ total: 1, G: 1 });
    // Never colour alone: the key names each colour in words.
    expect(html).toMatch(/<g class="app-chart__key">[\s\S]*?Amber \(A\)/);
  });

  it('draws an action’s rating over time with the stretches of the table beside it', async () => {
    const html = (await page(`/plans/${PLAN}/actions/1.1`, 'board')).text;
    const svg = /<svg[^>]*data-chart="rating-over-time"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const drawn = [...svg.matchAll(/<rect [^>]*data-code="([^"]+)" data-from="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    const table = /<table[^>]*data-chart-table="rating-over-time-1-1"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    const tabled = [...table.matchAll(/<tr class="govuk-table__row" data-code="([^"]+)" data-from="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(drawn).toEqual(tabled);
    expect(drawn.map(([code]) => code)).toEqual(['A', 'G', 'R']);
    expect(drawn[1][1]).toMatch(/^2020-02-15/);
  });
});
