import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Every query value and If-Match header as an attacker (or a mistyped bookmark) sends it:
 * a 4xx naming the parameter, never a 5xx. Values are sent raw (already percent-encoded
 * where that is the point), and `x=1&x=2` makes Express hand the controller an array.
 */
const NASTY = ['garbage', '', 'a'.repeat(5000), '%00', '%E2%80%AE%F0%9F%92%A9', '-1', '-99999999999', '99999999999999999999999', '1e308', 'NaN', 'Infinity', '2020-02-30', '0000-00-00', '9999-12-31T99:99', '%0D%0ASet-Cookie:x', '[]', '{}', '__proto__', '1.5'];

/** Each GET route with the query parameters it reads. */
const ROUTES: { path: string; params: string[]; base?: string }[] = [
  { path: '/api/plans', params: ['knownAt', 'after', 'limit'] },
  { path: '/api/plans/a-plan', params: ['asOf', 'knownAt'] },
  { path: '/api/plans/a-plan/actions/1.1/history', params: ['asOf', 'knownAt', 'after', 'limit'] },
  { path: '/api/plans/a-plan/reports/plan-state', params: ['asOf', 'knownAt', 'format'] },
  { path: '/api/plans/a-plan/reports/rag-summary', params: ['from', 'to', 'knownAt', 'format'], base: 'from=2020-01-31' },
  { path: '/api/plans/a-plan/reports/completion-register', params: ['asOf', 'knownAt', 'format'] },
  { path: '/api/plans/a-plan/reports/due-soon', params: ['dueBy', 'asOf', 'format'] },
  { path: '/api/plans/a-plan/reports/history', params: ['ref', 'asOf', 'knownAt', 'format'], base: 'ref=1.1' },
  { path: '/api/events', params: ['after', 'limit'] },
  { path: '/api/audit/proofs/inclusion', params: ['treeSize'], base: 'eventId=0' },
  { path: '/api/audit/proofs/inclusion', params: ['eventId'] },
  { path: '/api/audit/proofs/consistency', params: ['from', 'to'], base: 'from=1&to=2' },
  { path: '/api/audit/export', params: ['plan'] },
  { path: '/api/access-log', params: ['user', 'limit'] },
];

/** A header carries bytes: percent-escapes decoded, then sent as raw UTF-8 bytes (CR, LF and NUL, which no client sends in a header, dropped). */
const asHeaderBytes = (value: string) => Buffer.from(decodeURIComponent(value.replace(/%(?![0-9A-F]{2})/gi, '%25')).replace(/[\r\n\u0000]/g, ''), 'utf8').toString('latin1');

describe('no 5xx from any query value or If-Match', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('query-values');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'a-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/a-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/audit/checkpoints').set(h.as('auditor')).expect(201);
  });
  afterAll(() => h.close());

  it.each(ROUTES)('$path', async ({ path, params, base }) => {
    const failures: string[] = [];
    for (const param of params) {
      for (const value of NASTY) {
        for (const query of [`${param}=${value}`, `${param}=1&${param}=2`, `${param}[a]=${value}`]) {
          const url = `${path}?${base ? `${base}&` : ''}${query}`;
          const res = await h.http().get(url).set(h.as('auditor'));
          if (res.status >= 500) failures.push(`${url.slice(0, 120)} → ${res.status}`);
          else if (res.status === 400 && !JSON.stringify(res.body).includes(param)) failures.push(`${url.slice(0, 120)} → 400 not naming ${param}: ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a report called %s (a name Object already has) is no such report: 404, not 500', async (name) => {
    for (const path of [`/api/plans/a-plan/reports/${name}`, `/api/audit/bundles/reports/a-plan/${name}`]) {
      const res = await h.http().get(path).set(h.as('auditor'));
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body.detail).toMatch(/There is no report called/);
    }
  });

  it.each(NASTY.concat(['"1"', 'W/"1"', '*', '"1", "2"']))('If-Match nasty value %# on a write', async (value) => {
    const before = await h.eventCount();
    const res = await h.http().post('/api/plans/a-plan/actions/1.1/ratings').set(h.as('lead')).set('If-Match', asHeaderBytes(value)).send({ code: 'G' });
    expect(res.status).toBeLessThan(500);
    if (res.status === 400) expect(JSON.stringify(res.body)).toContain('If-Match');
    if (res.status >= 400) expect(await h.eventCount()).toBe(before);
  });
});
