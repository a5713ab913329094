import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * The API's writes take JSON only: a page on another site can make a browser post a form
 * (urlencoded, text/plain, multipart) with the user's cookie, so every other type is refused
 * with 415 and records nothing. Multipart is for the evidence upload alone.
 */
describe('a JSON API that only takes JSON', () => {
  let h: HttpHarness;
  const RATINGS = '/api/plans/j-plan/actions/1.1/ratings';
  const UPLOAD = '/api/plans/j-plan/actions/1.1/evidence/upload';
  const rating = { code: 'A', commentary: 'Caseloads falling', effectiveAt: '2020-02-01', reason: 'February board' };

  beforeAll(async () => {
    h = await httpHarness('json-only');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'j-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/j-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/j-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  /** Sends the request, expects 415 naming `expected`, and that the log did not grow. */
  const refused = async (send: () => PromiseLike<{ status: number; body: { detail?: string; expected?: string } }>, expected = 'application/json') => {
    const before = await h.eventCount();
    const response = await send();
    expect({ status: response.status, expected: response.body.expected }).toEqual({ status: 415, expected });
    expect(response.body.detail).toContain(`Content-Type: ${expected}`);
    expect(await h.eventCount()).toBe(before);
    return response;
  };

  it('refuses a rating posted as a form, as text/plain holding JSON, and as multipart', async () => {
    const form = await refused(() => h.http().post(RATINGS).set(h.as('lead')).type('form').send(rating));
    expect(form.body.detail).toContain('not "application/x-www-form-urlencoded"');
    await refused(() => h.http().post(RATINGS).set(h.as('lead')).set('Content-Type', 'text/plain').send(JSON.stringify(rating)));
    await refused(() => h.http().post(RATINGS).set(h.as('lead')).field('code', 'A').field('effectiveAt', '2020-02-01').field('reason', 'February board'));
  });

  it('refuses application/*+json, a body with no type, and the same through an upper-case path', async () => {
    await refused(() => h.http().post(RATINGS).set(h.as('lead')).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(rating)));
    await refused(() => h.http().patch('/api/plans/j-plan/actions/1.1').set(h.as('board')).set('Content-Type', '').send(JSON.stringify({ title: 'Renamed' })));
    // Express matches routes case-insensitively, so /API/… reaches the same handler and must meet the same check.
    await refused(() => h.http().post(RATINGS.replace('/api/', '/API/')).set(h.as('lead')).type('form').send(rating));
  });

  it('refuses a form even when empty on a route that takes no body, and lets a bare request through', async () => {
    await refused(() => h.http().delete('/api/session').set(h.as('lead')).type('form').send(''));
    await h.http().delete('/api/session').set(h.as('lead')).expect(204);
  });

  it('still records JSON, with or without a charset', async () => {
    const before = await h.eventCount();
    await h.http().post(RATINGS).set(h.as('lead')).send(rating).expect(201);
    await h.http().post(RATINGS).set(h.as('lead')).set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify({ ...rating, code: 'R', effectiveAt: '2020-03-01' })).expect(201);
    expect(await h.eventCount()).toBe(before + 2);
  });

  it('takes multipart on the evidence upload, and only multipart there', async () => {
    const before = await h.eventCount();
    await h.http().post(UPLOAD).set(h.as('lead')).field('title', 'Caseload audit').attach('file', Buffer.from('Caseloads by team, March\n'), 'caseloads.txt').expect(201);
    expect(await h.eventCount()).toBe(before + 1);
    await refused(() => h.http().post(UPLOAD).set(h.as('lead')).send({ title: 'Caseload audit' }), 'multipart/form-data');
  });
});
