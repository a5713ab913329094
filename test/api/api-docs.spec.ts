import { httpHarness, HttpHarness } from '../support/http-harness';

/** The OpenAPI description lists every route and field: signed-in callers only, unless API_DOCS_PUBLIC=true. */
describe('API documentation', () => {
  describe('by default', () => {
    let h: HttpHarness;
    beforeAll(async () => (h = await httpHarness('api-docs-private')));
    afterAll(() => h.close());

    it.each(['/api/docs-json', '/api/docs-yaml', '/api/docs/swagger-ui-init.js', '/api/docs'])('refuses %s to a caller who has not signed in', async (path) => {
      const res = await h.http().get(path).set('Accept', 'application/json');
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/signed-in callers/);
    });

    it('sends a browser to sign in first, and back', async () => {
      const res = await h.http().get('/api/docs').set('Accept', 'text/html');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/sign-in?next=%2Fapi%2Fdocs');
    });

    it('refuses a made-up token', async () => {
      expect((await h.http().get('/api/docs-json').set('Authorization', 'Bearer not-a-token')).status).toBe(401);
    });

    it('refuses in RFC 9457 problem details, whose type says what it means when looked up, to anyone', async () => {
      const refused = await h.http().get('/api/plans?knownAt=garbage').set(h.as('lead'));
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toEqual({
        type: '/api/problems/invalid-input',
        title: 'Some of the request is not right',
        status: 400,
        detail: expect.stringContaining('"garbage" is not a date'),
        fields: [{ field: 'knownAt', message: expect.stringContaining('"garbage" is not a date') }],
      });
      const described = await h.http().get(refused.body.type).expect(200);
      expect(described.body).toMatchObject({ type: refused.body.type, status: 400, title: refused.body.title });
      expect((await h.http().get('/api/problems/no-such-kind')).status).toBe(404);
    });

    it('serves them to any signed-in caller', async () => {
      const json = await h.http().get('/api/docs-json').set(h.as('lead'));
      expect(json.status).toBe(200);
      expect(json.body.openapi).toMatch(/^3\./);
      const page = await h.http().get('/api/docs/').set(h.as('inspector'));
      expect(page.status).toBe(200);
      expect(page.text).toContain('swagger');
    });
  });

  describe('with API_DOCS_PUBLIC=true', () => {
    let h: HttpHarness;
    beforeAll(async () => (h = await httpHarness('api-docs-public', { apiDocsPublic: true })));
    afterAll(() => h.close());

    it('serves them to anyone', async () => {
      const res = await h.http().get('/api/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.paths['/api/audit/verification']).toBeDefined();
    });
  });
});
