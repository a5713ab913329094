import Database from 'better-sqlite3';
import fc from 'fast-check';
import request from 'supertest';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';
import { contrastRatio, ragStylesheet, textColourOn } from '../../src/web/rag-colours';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { csrfOf, PASSWORD, signedInBrowsers } from '../support/web-sign-in';

const RATING = '/plans/forms/actions/1.1/rating';

/** The web pages' guard rails, over HTTP without a browser: sign-in, CSRF, redirects, rate limiting, CSP, colours. */
describe('web pages: sign-in, form protection and headers', () => {
  let h: HttpHarness;

  beforeAll(async () => {
    h = await httpHarness('web-forms');
    const board = h.as('board');
    for (const [path, body] of [
      ['/api/plans', { planId: 'forms', title: 'Forms plan', council: 'Council', scale: 'sunderland-5', signOffRole: 'qa' }],
      ['/api/plans/forms/priorities', { number: 1, title: 'Workforce' }],
      ['/api/plans/forms/actions', { reference: '1.1', priorityNumber: 1, title: 'Recruit', initialRating: 'A' }],
    ] as const) {
      const response = await h.http().post(path).set(board).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    }
  });
  afterAll(() => h.close());

  /**
   * A browser: keeps its cookies, signs in through the form like a person. One
   * per user for the whole suite: sign-in is rate-limited (tested on its own below).
   */
  const signedIn = signedInBrowsers(() => h);

  it('compares the plan between any two typed dates, not only board dates', async () => {
    // The auditor's browser, signed in once for the suite (sign-in is rate-limited).
    const auditor = await signedIn('auditor.user');
    const page = await auditor.get('/plans/forms/summary?fromDate=2020-01-01&toDate=' + new Date().toISOString().slice(0, 10));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<option value="2020-01-01" selected>2020-01-01</option>');
    expect(page.text).toMatch(/Table 1/);
  });

  it('sends a visitor who is not signed in to the sign-in page, and back afterwards', async () => {
    const response = await h.http().get('/plans/forms?asOf=2020-01-01');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fplans%2Fforms%3FasOf%3D2020-01-01');
  });

  it('signs in through the form and lands on the page asked for, with the API’s session cookie', async () => {
    const agent = request.agent(h.app.getHttpServer());
    const token = csrfOf((await agent.get('/sign-in?next=%2Freview')).text);
    const response = await agent.post('/sign-in').type('form').send({ csrfToken: token, user: 'qa.user', password: PASSWORD, next: '/review' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/review');
    expect(String(response.headers['set-cookie'])).toMatch(/plan_audit_session=.*HttpOnly.*SameSite=Lax/);
    expect((await agent.get('/api/session')).body.signedInAs).toEqual({ id: 'qa.user', role: 'qa' });
  });

  it('never sends anyone to another site after signing in', async () => {
    for (const next of ['//evil.example/', '/\\evil.example', 'https://evil.example/']) {
      const agent = request.agent(h.app.getHttpServer());
      const token = csrfOf((await agent.get('/sign-in')).text);
      const response = await agent.post('/sign-in').type('form').send({ csrfToken: token, user: 'qa.user', password: PASSWORD, next });
      expect(response.headers.location).toBe('/plans');
    }
  });

  it('answers a wrong password with the form again and an error summary, not a session', async () => {
    const agent = request.agent(h.app.getHttpServer());
    const token = csrfOf((await agent.get('/sign-in')).text);
    const response = await agent.post('/sign-in').type('form').send({ csrfToken: token, user: 'qa.user', password: 'not the password' });
    expect(response.status).toBe(401);
    expect(response.text).toContain('govuk-error-summary');
    expect(response.text).toContain('href="#user"');
    expect(response.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/plan_audit_session=/)]));
  });

  it('refuses a sign-in form that did not come from the sign-in page (login CSRF)', async () => {
    const response = await h.http().post('/sign-in').type('form').send({ csrfToken: 'forged', user: 'qa.user', password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.text).toContain('This form has expired');
  });

  it('refuses a form post without the session’s token, and records nothing', async () => {
    const lead = await signedIn('lead.user');
    const before = await h.eventCount();
    for (const csrfToken of [undefined, 'wrong', csrfOf((await (await signedIn('board.user')).get('/plans')).text)]) {
      const response = await lead.post(RATING).type('form').send({ ...(csrfToken ? { csrfToken } : {}), code: 'R', commentary: 'forged' });
      expect(response.status).toBe(403);
      expect(response.text).toContain('This form has expired');
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('checks a rating with the token, records it only once confirmed, then sends the browser to the action (POST, redirect, GET)', async () => {
    const lead = await signedIn('lead.user');
    const token = csrfOf((await lead.get(RATING)).text);
    const before = await h.eventCount();
    const check = await lead.post(RATING).type('form').send({ csrfToken: token, code: 'LG', commentary: 'On track' });
    expect(check.status).toBe(200);
    expect(check.text).toContain('Check your answers');
    expect(check.text).toContain('On track');
    expect(await h.eventCount()).toBe(before);
    // "Change your answers" brings the form back as typed, still recording nothing.
    const change = await lead.post(RATING).type('form').send({ csrfToken: token, code: 'LG', commentary: 'On track', step: 'change' });
    expect(change.text).toContain('Rate this action');
    expect(change.text).toMatch(/value="LG" checked/);
    expect(change.text).toContain('>On track</textarea>');
    expect(await h.eventCount()).toBe(before);
    const response = await lead.post(RATING).type('form').send({ csrfToken: token, code: 'LG', commentary: 'On track', step: 'confirm' });
    expect(await h.eventCount()).toBe(before + 1);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/plans/forms/actions/1.1?recorded=rating');
    expect((await lead.get(response.headers.location)).text).toContain('Light Green (LG)');
  });

  it('shows a backdated rating without a reason as an error by the reason box, and records nothing', async () => {
    const lead = await signedIn('lead.user');
    const token = csrfOf((await lead.get(RATING)).text);
    const before = await h.eventCount();
    const response = await lead
      .post(RATING)
      .type('form')
      .send({ csrfToken: token, code: 'DG', 'effectiveAt-day': '1', 'effectiveAt-month': '2', 'effectiveAt-year': '2020' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#reason">The change is backdated to 2020-02-01; give a reason');
    expect(response.text).toContain('value="2020"');
    expect(await h.eventCount()).toBe(before);
  });

  it('shows a date that does not exist as an error by the date boxes', async () => {
    const lead = await signedIn('lead.user');
    const token = csrfOf((await lead.get(RATING)).text);
    const response = await lead
      .post(RATING)
      .type('form')
      .send({ csrfToken: token, code: 'DG', 'effectiveAt-day': '31', 'effectiveAt-month': '2', 'effectiveAt-year': '2020' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#effectiveAt-day">The date it took effect must be a real date (February 2020 has 29 days), for example 30 11 2016</a>');
  });

  it('signs out only with the token, and the session is gone afterwards', async () => {
    const agent = await signedIn('admin.user');
    expect((await agent.post('/sign-out').type('form').send({})).status).toBe(403);
    const token = csrfOf((await agent.get('/plans')).text);
    const response = await agent.post('/sign-out').type('form').send({ csrfToken: token });
    expect(response.headers.location).toBe('/sign-in?signedOut=1');
    expect((await agent.get('/plans')).status).toBe(303);
  });

  it('shows the auditor that the record checks out, and then that an altered event does not', async () => {
    const auditor = await signedIn('auditor.user');
    const clean = await auditor.get('/audit');
    expect(clean.status).toBe(200);
    expect(clean.text).toContain('The record checks out');

    // Someone with the database file drops the guard trigger and changes a rating after the fact.
    const db = new Database(h.config.eventsFile);
    db.exec('DROP TRIGGER events_reject_update');
    const row = db.prepare("SELECT global_position AS position, data FROM events WHERE type = 'RatingChanged' ORDER BY global_position LIMIT 1").get() as { position: number; data: string };
    db.prepare('UPDATE events SET data = ? WHERE global_position = ?').run(row.data.replace('"A"', '"G"'), row.position);
    db.close();

    const tampered = await auditor.get('/audit');
    expect(tampered.text).toContain('The record does not check out');
    expect(tampered.text).toMatch(/action-[^<]*1\.1[^<]*<\/td>\s*<td[^>]*>\d+<\/td>\s*<td[^>]*>altered<\/td>/);
  });

  it('serves the pages under a strict content security policy, and keeps swagger working', async () => {
    const page = await h.http().get('/sign-in');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle="/);
    expect(String((await h.http().get('/api/docs/')).headers['content-security-policy'])).toContain("'unsafe-inline'");
  });

  it('serves GOV.UK Frontend’s styles without the GDS Transport font, which is for GOV.UK domains only', async () => {
    const css = await h.http().get('/assets/govuk-frontend.min.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('.govuk-tag');
    expect(css.text).not.toContain('GDS Transport');
  });

  it('colours only well-formed hex codes in the RAG stylesheet, whatever the address holds', () => {
    expect(ragStylesheet('005a30.zzz;}body{x:y}.d4351c')).toBe('.govuk-tag.app-rag-tag--005a30{background-color:#005a30;color:#ffffff}\n.govuk-tag.app-rag-tag--d4351c{background-color:#d4351c;color:#ffffff}');
    expect(ragStylesheet(['005a30'])).toBe('');
  });

  it('gives every preset code, and any colour a plan may choose, text at 4.5:1 contrast or better', () => {
    for (const scale of Object.values(RAG_SCALE_PRESETS)) for (const code of scale.codes) expect(contrastRatio(code.colour, textColourOn(code.colour))).toBeGreaterThanOrEqual(4.5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const colour = `#${n.toString(16).padStart(6, '0')}`;
        return contrastRatio(colour, textColourOn(colour)) >= 4.5;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('web pages: sign-in rate limit', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('web-throttle');
  });
  afterAll(() => h.close());

  it('slows down password guessing: after five failures for an account the next attempt is refused, with Retry-After', async () => {
    const agent = request.agent(h.app.getHttpServer());
    const token = /name="csrfToken" value="([^"]+)"/.exec((await agent.get('/sign-in')).text)![1];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await agent.post('/sign-in').type('form').send({ csrfToken: token, user: 'qa.user', password: `guess ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await agent.post('/sign-in').type('form').send({ csrfToken: token, user: 'qa.user', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.text).toContain('Too many attempts');
  });
});
