import { createHash } from 'node:crypto';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * The HTML report's styles must survive the Content-Security-Policy it is served with:
 * no style="" attribute (no policy here allows one), and every <style> block allowed by its
 * hash, which is how a browser decides whether to apply it.
 */
describe('HTML report under the Content-Security-Policy', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('html-report-csp');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.2', priorityNumber: 1, title: 'Supervision', initialRating: 'R', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it.each([
    ['plan-state', 2],
    ['rag-summary?from=2020-01-31', 0],
  ])('the %s report keeps its colours with no inline style the policy blocks', async (report, colouredCells) => {
    const res = await h.http().get(`/api/plans/a-plan/reports/${report}${report.includes('?') ? '&' : '?'}format=html`).set(h.as('inspector'));
    expect(res.status).toBe(200);
    const html = res.text;
    const policy = res.headers['content-security-policy'] as string;
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toMatch(/default-src 'none'/);
    const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(blocks.length).toBe(1);
    const styleSrc = /style-src ([^;]*)/.exec(policy)?.[1].split(' ') ?? [];
    for (const block of blocks) expect(styleSrc).toContain(`'sha256-${createHash('sha256').update(block, 'utf8').digest('base64')}'`);
    // The colours are in the allowed block, and each coloured code carries its class.
    const classes = [...html.matchAll(/class="rag (rag-\d+)"/g)].map((m) => m[1]);
    expect(classes.length).toBeGreaterThanOrEqual(colouredCells);
    for (const name of new Set(classes)) expect(blocks[0]).toMatch(new RegExp(`\\.${name}\\{border-left:\\.6em solid [#a-z0-9]+\\}`, 'i'));
  });
});
