import { httpHarness, HttpHarness } from '../support/http-harness';

/** A report's format from ?format=, else from Accept, as an integrator's tool asks for it (issue 24). */
describe('reports by Accept', () => {
  let h: HttpHarness;
  const table1 = '/api/plans/n-plan/reports/rag-summary?from=2020-06-01';
  beforeAll(async () => {
    h = await httpHarness('report-negotiation');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'n-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/n-plan/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
    await h.http().post('/api/plans/n-plan/actions').set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', initialRating: 'A', effectiveAt: '2020-01-01', reason: 'set up' }).expect(201);
  });
  afterAll(() => h.close());

  it.each([
    ['text/csv', 'text/csv', /Priority/],
    ['text/markdown', 'text/markdown', /\|/],
    ['text/html;q=0.9, text/csv;q=0.5', 'text/html', /<table/],
    ['*/*', 'application/json', /"rows"/],
  ])('answers Accept: %s with %s', async (accept, type, body) => {
    const response = await h.http().get(table1).set(h.as('inspector')).set('Accept', accept).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    expect({ status: response.status, type: response.headers['content-type'].split(';')[0], vary: response.headers.vary }).toEqual({ status: 200, type, vary: 'Accept' });
    expect(response.body).toMatch(body);
  });

  it('lets ?format= win over Accept, and refuses an Accept it cannot meet with 406 in the problem shape', async () => {
    const csv = await h.http().get(`${table1}&format=csv`).set(h.as('inspector')).set('Accept', 'text/html');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const refused = await h.http().get(table1).set(h.as('inspector')).set('Accept', 'image/png');
    expect({ status: refused.status, type: refused.body.type }).toEqual({ status: 406, type: '/api/problems/not-acceptable' });
  });
});
