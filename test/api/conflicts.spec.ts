import { httpHarness, HttpHarness } from '../support/http-harness';

describe('conflicting writes over HTTP', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('conflicts');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'c-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/c-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/c-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it('answers a write with its version as ETag, and refuses with 409 a write based on a version that has moved on', async () => {
    const first = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('lead')).set('If-Match', '"1"').send({ code: 'G', commentary: 'on track' });
    expect(first.status).toBe(201);
    expect(first.headers.etag).toBe('"2"');
    const before = await h.eventCount();
    // A second lead, still looking at version 1, tries to rate too.
    const stale = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('board')).set('If-Match', '"1"').send({ code: 'R', commentary: 'stalled' });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/Someone else changed action-c-plan\/1.1 .* Reload and try again/);
    expect(await h.eventCount()).toBe(before);
    const fresh = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('board')).set('If-Match', first.headers.etag).send({ code: 'R', commentary: 'stalled' });
    expect(fresh.status).toBe(201);
  });

  it("answers a read of a stream with the stream's version as its ETag, which a write can send back as If-Match", async () => {
    const history = await h.http().get('/api/plans/c-plan/actions/1.1/history').set(h.as('lead')).expect(200);
    const events = await h.http().get(`/api/streams/${encodeURIComponent('action-c-plan/1.1')}/events`).set(h.as('auditor')).expect(200);
    expect(history.headers.etag).toBe(`"${events.body.events.at(-1).streamVersion}"`);
    expect(events.headers.etag).toBe(history.headers.etag);
    const plan = await h.http().get('/api/plans/c-plan').set(h.as('lead')).expect(200);
    expect(plan.headers.etag).toMatch(/^"\d+"$/);
    const rated = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('lead')).set('If-Match', history.headers.etag).send({ code: 'A', commentary: 'slipping' });
    expect(rated.status).toBe(201);
    expect(Number(JSON.parse(rated.headers.etag))).toBe(Number(JSON.parse(history.headers.etag)) + 1);
  });

  it('refuses a body naming another plan or action than its address, appending nothing', async () => {
    const before = await h.eventCount();
    for (const [field, value] of [['reference', '9.9'], ['planId', 'other-plan']]) {
      const response = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('lead')).send({ code: 'G', [field]: value });
      expect({ status: response.status, type: response.headers['content-type'], fields: response.body.fields }).toEqual({
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
        fields: [{ field, message: expect.stringMatching(/taken from the address/) }],
      });
    }
    const priority = await h.http().patch('/api/plans/c-plan/priorities/1').set(h.as('board')).send({ number: 2, title: 'Renamed' });
    expect(priority.body.fields).toEqual([{ field: 'number', message: expect.stringMatching(/taken from the address/) }]);
    expect(await h.eventCount()).toBe(before);
  });

  it('pages the whole log with the cursor each full page gives, to the end', async () => {
    const head = await h.eventCount();
    const positions: number[] = [];
    let after: number | undefined = 0;
    while (after !== undefined) {
      const page: { body: { events: { globalPosition: number }[]; next?: number } } = await h.http().get(`/api/events?after=${after}&limit=2`).set(h.as('auditor')).expect(200);
      positions.push(...page.body.events.map((e) => e.globalPosition));
      after = page.body.next;
    }
    expect(positions).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });

  it('names a malformed If-Match', async () => {
    const response = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('lead')).set('If-Match', 'yesterday').send({ code: 'G' });
    expect(response.status).toBe(400);
    expect(response.body.fields[0].field).toBe('If-Match');
  });

  it('says whether the read models are ready, with the projection lag', async () => {
    const response = await h.http().get('/api/health/ready');
    expect([200, 503]).toContain(response.status);
    expect(response.body.projection).toMatchObject({ head: expect.any(Number), behind: expect.any(Number) });
  });
});
