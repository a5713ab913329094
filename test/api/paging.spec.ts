import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Lists that grow are read a page at a time (issue 24): the plans and an action's history, as the
 * log already was. `next` is the cursor for the following page and is there only when more follow;
 * walking the pages gives every item once, in order.
 */
describe('cursor paging on the plans and on an action history', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('paging');
    const board = h.as('board');
    for (const planId of ['plan-c', 'plan-a', 'plan-b']) {
      await h.http().post('/api/plans').set(board).send({ planId, title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    }
    await h.http().post('/api/plans/plan-a/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/plan-a/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    for (const code of ['R', 'G', 'A', 'R']) await h.http().post('/api/plans/plan-a/actions/1.1/ratings').set(h.as('lead')).send({ code, commentary: `Now ${code}` }).expect(201);
  });
  afterAll(() => h.close());

  it('pages the plans in id order, with next only while more follow', async () => {
    const first = (await h.http().get('/api/plans?limit=2').set(h.as('inspector')).expect(200)).body;
    expect(first).toEqual({ plans: ['plan-a', 'plan-b'], next: 'plan-b' });
    const second = (await h.http().get(`/api/plans?limit=2&after=${first.next}`).set(h.as('inspector')).expect(200)).body;
    expect(second).toEqual({ plans: ['plan-c'] });
    expect((await h.http().get('/api/plans').set(h.as('inspector')).expect(200)).body).toEqual({ plans: ['plan-a', 'plan-b', 'plan-c'] });
  });

  it("pages an action's history by entry position, every entry once and in order", async () => {
    const whole = (await h.http().get('/api/plans/plan-a/actions/1.1/history').set(h.as('inspector')).expect(200)).body as { entries: { position: number }[]; next?: number };
    expect(whole.next).toBeUndefined();
    const walked: number[] = [];
    let after: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = (await h.http().get(`/api/plans/plan-a/actions/1.1/history?limit=2${after !== undefined ? `&after=${after}` : ''}`).set(h.as('inspector')).expect(200)).body as typeof whole;
      expect(page.entries.length).toBeLessThanOrEqual(2);
      walked.push(...page.entries.map((e) => e.position));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(walked).toEqual(whole.entries.map((e) => e.position));
    expect(walked.length).toBeGreaterThan(4);
  });

  it('refuses a limit or cursor it cannot use with a 400 naming it', async () => {
    for (const [url, field] of [
      ['/api/plans?limit=0', 'limit'],
      ['/api/plans?limit=1001', 'limit'],
      ['/api/plans?after=', 'after'],
      ['/api/plans/plan-a/actions/1.1/history?after=-1', 'after'],
      ['/api/plans/plan-a/actions/1.1/history?limit=two', 'limit'],
    ]) {
      const res = await h.http().get(url).set(h.as('inspector'));
      expect([url, res.status, res.body.fields?.[0]?.field]).toEqual([url, 400, field]);
    }
  });
});
