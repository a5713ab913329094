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
    expect(stale.body.message).toMatch(/Someone else changed action-c-plan\/1.1 .* Reload and try again/);
    expect(await h.eventCount()).toBe(before);
    const fresh = await h.http().post('/api/plans/c-plan/actions/1.1/ratings').set(h.as('board')).set('If-Match', first.headers.etag).send({ code: 'R', commentary: 'stalled' });
    expect(fresh.status).toBe(201);
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
