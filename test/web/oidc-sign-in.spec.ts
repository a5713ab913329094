import { Page } from 'playwright-core';
import { axeViolations, describeInChromium, openBrowser, PASSWORD, PersonBrowser, screenshot, seriousOrCritical, startWebServer, WebFixture } from '../support/browser';
import { freePort, RunningProvider, startOidcProvider } from '../support/oidc-provider-process';
import { runCli } from '../support/run-cli';
import { startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const PLAN = 'oidc-demo';
const QA_GROUP = '5f1c2e8a-qa-group-object-id';
const BOARD_GROUP = '9d3b7c41-board-group-object-id';
const PROVIDER_NAME = 'Example Council';
const CLIENT = { client_id: 'plan-audit-trail', client_secret: 'a-client-secret-that-only-the-server-knows' };

/** The provider's people. The login typed at its sign-in page is their subject (`sub`), an opaque id as Entra ID gives. */
const ACCOUNTS = {
  // In the QA group, which OIDC_ROLE_MAP maps to the role qa.
  'sub-0001-sam': { preferred_username: 'sam.quality@council.example', email: 'sam.quality@council.example', email_verified: true, name: 'Sam Quality', groups: ['all-staff', QA_GROUP] },
  // In no mapped group: an administrator gives the role.
  'sub-0002-jo': { preferred_username: 'jo.lead@council.example', email: 'jo.lead@council.example', email_verified: true, name: 'Jo Lead', groups: ['all-staff'] },
  // Claims the e-mail and user name of the administrator who signs in with a password here.
  'sub-0003-mallory': { preferred_username: 'admin.ali@council.example', email: 'admin.ali@council.example', email_verified: false, name: 'Ali Admin', groups: ['all-staff'] },
};

/**
 * Sign-in with the council's identity provider, end to end: a real OpenID
 * provider (oidc-provider, certified) in its own process, the built server in
 * another, and a person in Chromium who clicks "Sign in with …", signs in and
 * consents at the provider's own pages, and comes back signed in — with the
 * role the group claim maps to, or, once an administrator has given one, that
 * role. The actor on what they then record is them.
 */
describeInChromium('sign-in with the council’s identity provider (OpenID Connect), in the browser', () => {
  let provider: RunningProvider;
  let web: WebFixture;
  let baseUrl: string;
  const browsers: PersonBrowser[] = [];
  /** Jo, who is given the role lead by an administrator, and then rates an action. */
  let jo: PersonBrowser;
  const browser = async () => {
    const opened = await openBrowser();
    browsers.push(opened);
    // Nothing leaves this machine: the provider's development pages ask for a web font, which would hold every page's load here.
    await opened.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
    return opened;
  };

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ ...CLIENT, redirect_uris: [`${baseUrl}/sign-in/oidc/callback`] }, ACCOUNTS);
    web = await startWebServer(
      'browser-oidc',
      { people: [{ id: 'admin.ali', role: 'admin' }], systems: [{ id: 'board.system', role: 'board' }] },
      {
        PORT: String(port),
        PUBLIC_URL: baseUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT.client_id,
        OIDC_CLIENT_SECRET: CLIENT.client_secret,
        OIDC_PROVIDER_NAME: PROVIDER_NAME,
        OIDC_ROLE_CLAIM: 'groups',
        OIDC_ROLE_MAP: `${QA_GROUP}=qa,${BOARD_GROUP}=board`,
      },
    );
    expect(web.baseUrl).toBe(baseUrl);
    const setUp = async (path: string, body: object) => {
      const response = await web.api('board.system', 'POST', path, { ...body, effectiveAt: '2017-01-31', reason: 'Plan set up from the January board papers' });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    await setUp('/api/plans', { planId: PLAN, title: 'Children’s Services Improvement Plan', council: 'Example Borough Council', scale: 'sunderland-5', signOffRole: 'qa' });
    await setUp(`/api/plans/${PLAN}/priorities`, { number: 1, title: 'A stable, skilled social work workforce' });
    await setUp(`/api/plans/${PLAN}/actions`, { reference: '1.1', priorityNumber: 1, title: 'Implement a workforce strategy', lead: 'Principal Social Worker', dueDate: '2017-03-31', initialRating: 'A' });
    await web.caughtUp();
  });

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await web?.stop();
    await provider?.stop();
  });

  it('lands a member of the mapped QA group on the plans page, signed in as qa', async () => {
    const sam = await browser();
    await sam.page.goto(`${baseUrl}/sign-in`);
    await screenshot(sam.page, 'oidc-sign-in-page');
    expect(seriousOrCritical(await axeViolations(sam.page, 'oidc-sign-in-page'))).toEqual([]);
    await signInAtProvider(sam.page, 'sub-0001-sam');
    expect(new URL(sam.page.url()).pathname).toBe('/plans');
    expect(await whoAmI(sam)).toEqual({ status: 200, signedInAs: { id: 'sam.quality', role: 'qa' } });
    expect(await sam.page.locator('header').textContent()).toContain('sam.quality');
    expect(sam.problems).toEqual([]);
  });

  it('gives a person in no mapped group an account without a role and no session, until an administrator gives one', async () => {
    jo = await browser();
    await jo.page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(`/plans/${PLAN}`)}`);
    const answer = await signInAtProvider(jo.page, 'sub-0002-jo');
    expect(answer).toBe(403);
    expect(await jo.page.locator('h1').textContent()).toBe('Ask an administrator to give you a role');
    expect(await jo.page.locator('#user-name').textContent()).toBe('jo.lead');
    await screenshot(jo.page, 'oidc-no-role');
    expect(seriousOrCritical(await axeViolations(jo.page, 'oidc-no-role'))).toEqual([]);
    expect(await whoAmI(jo)).toEqual({ status: 401 });
    expect(runCli(web.dataDir, ['users'], { PLAN_AUDIT_USER: 'admin.ali', PLAN_AUDIT_PASSWORD: PASSWORD }).stdout).toMatch(/^jo\.lead\t\(no role yet\)\tJo Lead\tenabled\t/m);

    // Only an administrator may give a role: a board member may not, through the API or the CLI.
    expect((await web.api('board.system', 'PUT', '/api/users/jo.lead/role', { role: 'lead' })).status).toBe(403);
    const notAdmin = runCli(web.dataDir, ['set-role', '--user', 'jo.lead', '--role', 'lead'], { PLAN_AUDIT_TOKEN: web.tokens['board.system'] });
    expect(notAdmin.status).toBe(3);
    expect(notAdmin.stderr).toContain('board.system (board) may not change roles; this needs the role admin');
    const given = runCli(web.dataDir, ['set-role', '--user', 'jo.lead', '--role', 'lead'], { PLAN_AUDIT_USER: 'admin.ali', PLAN_AUDIT_PASSWORD: PASSWORD });
    expect(given.stderr).toBe('');
    expect(given.stdout).toBe('jo.lead now has the role lead (was none), given by admin.ali.\n');

    await jo.page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(`/plans/${PLAN}`)}`);
    // The provider remembers Jo's sign-in and consent, so it sends Jo straight back.
    await jo.page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    await jo.page.waitForURL((url) => url.origin === baseUrl && url.pathname === `/plans/${PLAN}`);
    expect(await whoAmI(jo)).toEqual({ status: 200, signedInAs: { id: 'jo.lead', role: 'lead' } });
  });

  it('records what the person then does with them as the actor', async () => {
    const before = await web.eventCount();
    await jo.page.goto(`${baseUrl}/plans/${PLAN}/actions/1.1`);
    await jo.page.getByRole('button', { name: 'Rate this action' }).click();
    await jo.page.getByLabel('Dark Green (DG)').check();
    await jo.page.getByLabel('Update from the service').fill('Permanent recruitment is ahead of target.');
    await jo.page.getByRole('button', { name: 'Record the rating' }).click();
    await jo.page.getByRole('heading', { name: 'Check your answers' }).waitFor();
    expect(await web.eventCount()).toBe(before);
    await jo.page.getByRole('button', { name: 'Record the rating' }).click();
    expect(await jo.page.locator('.govuk-notification-banner').textContent()).toContain('The new rating has been recorded');
    const recorded = await web.api('board.system', 'GET', `/api/events?after=${before}`);
    expect(recorded.body.events.map((e: { type: string; metadata: { actor: unknown } }) => [e.type, e.metadata.actor])).toEqual([['RatingChanged', { id: 'jo.lead', role: 'lead' }]]);
  });

  it('never signs anyone in as the existing user whose e-mail address their provider account claims', async () => {
    const mallory = await browser();
    await mallory.page.goto(`${baseUrl}/sign-in`);
    expect(await signInAtProvider(mallory.page, 'sub-0003-mallory')).toBe(403);
    expect(await mallory.page.locator('#user-name').textContent()).toBe('admin.ali-2');
    expect(await whoAmI(mallory)).toEqual({ status: 401 });
    expect(runCli(web.dataDir, ['users'], { PLAN_AUDIT_USER: 'admin.ali', PLAN_AUDIT_PASSWORD: PASSWORD }).stdout).toMatch(/^admin\.ali\tadmin\t/m);
  });

  it('refuses an answer whose state is not the one this browser sent, and signs no one in', async () => {
    const sam = await browser();
    const callback = await callbackUrlFor(sam.page, 'sub-0001-sam');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'state-made-up-by-an-attacker');
    const before = await web.eventCount();
    const refused = await sam.page.goto(tampered.href);
    expect(refused?.status()).toBe(400);
    expect(await sam.page.locator('h1').textContent()).toBe('You have not been signed in');
    expect(await sam.page.locator('main').textContent()).toContain(`The answer from ${PROVIDER_NAME} does not belong to the sign-in started in this browser.`);
    expect(await whoAmI(sam)).toEqual({ status: 401 });
    // The attempt is used up: the genuine answer, arriving after the forged one, is refused too.
    expect((await sam.page.goto(callback))?.status()).toBe(400);
    expect(await whoAmI(sam)).toEqual({ status: 401 });
    expect(await web.eventCount()).toBe(before);
  });

  it('refuses an answer whose code was altered, though its state is right', async () => {
    const sam = await browser();
    const tampered = new URL(await callbackUrlFor(sam.page, 'sub-0001-sam'));
    tampered.searchParams.set('code', `${tampered.searchParams.get('code')}x`);
    expect((await sam.page.goto(tampered.href))?.status()).toBe(502);
    expect(await sam.page.locator('main').textContent()).toContain(`The answer from ${PROVIDER_NAME} did not pass the checks, so you have not been signed in.`);
    expect(await whoAmI(sam)).toEqual({ status: 401 });
  });

  it('refuses an answer brought to another browser (a forged sign-in), which never started one', async () => {
    const attacker = await browser();
    const victim = await browser();
    const callback = await callbackUrlFor(attacker.page, 'sub-0001-sam');
    const refused = await victim.page.goto(callback);
    expect(refused?.status()).toBe(400);
    expect(await victim.page.locator('main').textContent()).toContain('This sign-in was not started in this browser');
    expect(await whoAmI(victim)).toEqual({ status: 401 });
  });

  it('says so when the person does not consent at the provider', async () => {
    // Jo again, in another browser, who cancels at the consent page.
    const elsewhere = await browser();
    await elsewhere.page.goto(`${baseUrl}/sign-in`);
    await elsewhere.page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    await fillProviderLogin(elsewhere.page, 'sub-0002-jo');
    await elsewhere.page.getByRole('link', { name: '[ Cancel ]' }).click();
    await elsewhere.page.waitForURL((url) => url.origin === baseUrl);
    expect(await elsewhere.page.locator('h1').textContent()).toBe('You have not been signed in');
    expect(await elsewhere.page.locator('main').textContent()).toContain(`${PROVIDER_NAME} did not sign you in`);
    expect(await whoAmI(elsewhere)).toEqual({ status: 401 });
  });

  it('says so when the provider cannot be reached to finish, and opens no session', async () => {
    const sam = await browser();
    const callback = await callbackUrlFor(sam.page, 'sub-0001-sam');
    await provider.stop();
    const answer = await sam.page.goto(callback);
    expect(answer?.status()).toBe(502);
    expect(await sam.page.locator('main').textContent()).toContain(`${PROVIDER_NAME} could not be reached to finish signing you in.`);
    expect(await whoAmI(sam)).toEqual({ status: 401 });
  });

  it('says so when the provider cannot be reached at all, and sends no one anywhere', async () => {
    const closedPort = await freePort();
    const database = tempDatabase('oidc-unreachable');
    const server = await startServer(database.dir, { LOAD_EXAMPLE: 'false', PUBLIC_URL: 'http://127.0.0.1:8080', OIDC_ISSUER: `http://localhost:${closedPort}`, OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y', OIDC_PROVIDER_NAME: PROVIDER_NAME });
    try {
      const response = await fetch(`${server.baseUrl}/sign-in/oidc`, { redirect: 'manual' });
      expect(response.status).toBe(502);
      expect(response.headers.get('set-cookie')).toBeNull();
      const page = await response.text();
      expect(page).toContain('<h1 class="govuk-heading-l">You have not been signed in</h1>');
      expect(page).toContain(`${PROVIDER_NAME} could not be reached to sign you in.`);
    } finally {
      await server.stop();
      database.remove();
    }
  });

  /** Click "Sign in with …", sign in and consent at the provider; the status of the page it lands on back here. */
  async function signInAtProvider(page: Page, login: string): Promise<number | undefined> {
    const landing = page.waitForResponse((response) => response.url().startsWith(`${baseUrl}/`) && response.request().resourceType() === 'document' && response.status() !== 303);
    await page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    await fillProviderLogin(page, login);
    await page.getByRole('button', { name: 'Continue' }).click();
    const response = await landing;
    await page.waitForURL((url) => url.origin === baseUrl);
    return response.status();
  }

  async function fillProviderLogin(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password: the provider’s development pages take any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  /**
   * Sign in at the provider, but stop the browser at the door: the callback
   * address the provider sends it back to, not yet opened. Playwright routes
   * the first request of a navigation but not the hops of its redirects, so
   * the consent form's post is routed and its redirects followed here, with
   * the browser's cookies, up to the one that leads back to the server.
   */
  async function callbackUrlFor(page: Page, login: string): Promise<string> {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}` }).click();
    await fillProviderLogin(page, login);
    let callback = '';
    const pattern = `${provider.issuer}/**`;
    await page.route(pattern, async (route) => {
      let response = await route.fetch({ maxRedirects: 0 });
      let location = response.headers().location;
      while (location && !location.startsWith(`${baseUrl}/`)) {
        response = await page.context().request.get(new URL(location, response.url()).href, { maxRedirects: 0 });
        location = response.headers().location;
      }
      if (!location) return route.fulfill({ response });
      callback = location;
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'Stopped before the callback' });
    });
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitFor(() => callback !== '');
    await page.unroute(pattern);
    expect(callback).toMatch(new RegExp(`^${baseUrl}/sign-in/oidc/callback\\?`));
    return callback;
  }

  /** The signed-in person as the API sees this browser (its cookies). */
  async function whoAmI(person: PersonBrowser): Promise<{ status: number; signedInAs?: unknown }> {
    const response = await person.context.request.get(`${baseUrl}/api/session`);
    return response.status() === 200 ? { status: 200, signedInAs: (await response.json()).signedInAs } : { status: response.status() };
  }
});

async function waitFor(condition: () => boolean, ms = 15000): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
