import { Answer, httpClient } from '../support/http-client';
import { cliAdmin, runCli, SETUP_ADMIN } from '../support/run-cli';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const PASSWORD = 'a long enough passphrase';
/** Low limits, so an attack takes a handful of requests. */
const LIMITS = { SIGN_IN_ACCOUNT_FAILURES: '3', SIGN_IN_ADDRESS_FAILURES: '6', SIGN_IN_WINDOW_MINUTES: '15' };

function addPeople(dir: string, people: [string, string][]): void {
  const admin = cliAdmin(dir);
  for (const [id, role] of people) {
    const added = runCli(dir, ['add-user', '--id', id, '--role', role], { ...admin, PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
    if (added.status !== 0) throw new Error(added.stderr);
  }
}

/** Through the web form, as a browser would: fetch the form for its CSRF cookie and token, then post it. */
async function signInByForm(baseUrl: string, user: string, password: string, headers: Record<string, string> = {}) {
  const form = await fetch(`${baseUrl}/sign-in`, { headers: { ...headers, Connection: 'close' } });
  const cookie = form.headers.getSetCookie().find((line) => line.startsWith('plan_audit_sign_in='))!.split(';')[0];
  const token = /name="csrfToken" value="([^"]+)"/.exec(await form.text())![1];
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, Connection: 'close', Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken: token, user, password, next: '/plans' }).toString(),
  });
  return { status: answer.status, headers: answer.headers, text: await answer.text() };
}

/**
 * Sign-in that holds, against the real server: limits per account and per
 * address shared by the JSON endpoint and the web form, surviving a restart,
 * reset by success; X-Forwarded-* honoured only with TRUST_PROXY.
 */
describe('sign-in limits behind a trusted proxy', () => {
  const database = tempDatabase('sign-in-limits');
  let server: RunningServer;
  let api: ReturnType<typeof httpClient>;
  const from = (address: string, more: Record<string, string> = {}) => ({ 'X-Forwarded-For': address, ...more });
  const statuses = (answers: Answer[]) => answers.map((a) => a.status);
  const start = async () => {
    server = await startServer(database.dir, { LOAD_EXAMPLE: 'false', TRUST_PROXY: 'loopback', ...LIMITS });
    api = httpClient(server.baseUrl);
  };

  beforeAll(async () => {
    addPeople(database.dir, [['lead.jo', 'lead'], ['qa.sam', 'qa'], ['board.bo', 'board'], ['lead.kim', 'lead']]);
    await start();
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  const tries = async (user: string, passwords: string[], address: string) => {
    const answers: Answer[] = [];
    for (const password of passwords) answers.push(await api.signIn(user, password, from(address)));
    return answers;
  };

  it('refuses an attacker hammering one account with 429 and Retry-After, while another user at the same address signs in', async () => {
    const guesses = await tries('lead.jo', Array.from({ length: 10 }, (_, i) => `guess number ${i}`), '203.0.113.7');
    expect(statuses(guesses)).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    const refused = guesses[3];
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(refused.body.detail).toMatch(/Too many failed sign-ins .* Try again in 15 minutes/);
    // The right password does not get through either, from any address, until the window has passed…
    expect((await api.signIn('lead.jo', PASSWORD, from('203.0.113.7'))).status).toBe(429);
    expect((await api.signIn('lead.jo', PASSWORD, from('198.51.100.1'))).status).toBe(429);
    // …but the seven refusals were not counted against the address: a colleague behind the same proxy signs in.
    expect((await api.signIn('qa.sam', PASSWORD, from('203.0.113.7'))).status).toBe(200);
  });

  it('lets no more guesses through when they are fired all at once', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => api.signIn('board.bo', `parallel guess ${i}`, from(`192.0.2.${100 + i}`))));
    expect(statuses(burst).filter((s) => s === 401)).toHaveLength(3);
    expect(statuses(burst).filter((s) => s === 429)).toHaveLength(9);
  });

  it('counts the web form and the JSON endpoint together', async () => {
    const form = await signInByForm(server.baseUrl, 'lead.jo', PASSWORD, from('192.0.2.50'));
    expect(form.status).toBe(429);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(form.text).toContain('Too many attempts');
    // And the other way round: two failures by form, one by JSON, and the account is locked.
    for (let i = 0; i < 2; i++) expect((await signInByForm(server.baseUrl, 'lead.kim', `form guess ${i}`, from('192.0.2.51'))).status).toBe(401);
    expect((await api.signIn('lead.kim', 'json guess', from('192.0.2.51'))).status).toBe(401);
    expect((await signInByForm(server.baseUrl, 'lead.kim', PASSWORD, from('192.0.2.51'))).status).toBe(429);
  });

  it('starts an account afresh after a successful sign-in', async () => {
    const answers = await tries('admin.setup', ['wrong one here', 'wrong two here', SETUP_ADMIN.password, 'wrong three', 'wrong four', 'wrong five', 'wrong six'], '192.0.2.60');
    expect(statuses(answers)).toEqual([401, 401, 200, 401, 401, 401, 429]);
    expect((await tries('admin.setup', [SETUP_ADMIN.password], '192.0.2.60'))[0].status).toBe(429);
  });

  it('limits an address spraying guesses at many names, without locking those names elsewhere', async () => {
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await api.signIn(`someone.${i}`, 'Summer2024!!', from('198.51.100.99')));
    expect(statuses(answers)).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    expect((await api.signIn('qa.sam', PASSWORD, from('198.51.100.100'))).status).toBe(200);
  });

  it('answers an unknown name exactly as a known name with a wrong password', async () => {
    const unknown = await api.signIn('nobody.here', 'whatever it is', from('198.51.100.200'));
    const known = await api.signIn('qa.sam', 'whatever it is', from('198.51.100.201'));
    expect(unknown.status).toBe(401);
    expect(known.status).toBe(401);
    expect(unknown.body).toEqual(known.body);
  });

  it('keeps the counts across a restart', async () => {
    await server.stop();
    await start();
    expect((await api.signIn('lead.jo', PASSWORD, from('203.0.113.7'))).status).toBe(429);
    expect((await api.signIn('someone.0', 'Summer2024!!', from('198.51.100.99'))).status).toBe(429);
  });

  it('marks the session cookie Secure when the proxy says the request came over HTTPS', async () => {
    const https = await api.signIn('qa.sam', PASSWORD, from('192.0.2.70', { 'X-Forwarded-Proto': 'https' }));
    expect(https.status).toBe(200);
    expect(https.cookies.find((c) => c.startsWith('plan_audit_session='))).toMatch(/; Secure/);
    const http = await api.signIn('qa.sam', PASSWORD, from('192.0.2.70'));
    expect(http.cookies.find((c) => c.startsWith('plan_audit_session='))).not.toMatch(/; Secure/);
  });

  it('refuses a sign-in form that did not come from the sign-in page, before checking anything', async () => {
    const forged = await fetch(`${server.baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'plan_audit_sign_in=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ...from('192.0.2.80') },
      body: new URLSearchParams({ csrfToken: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', user: 'qa.sam', password: PASSWORD }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('plan_audit_session='))).toBe(false);
    expect((await signInByForm(server.baseUrl, 'qa.sam', PASSWORD, from('192.0.2.80'))).status).toBe(303);
  });
});

describe('sign-in without TRUST_PROXY', () => {
  const database = tempDatabase('sign-in-no-proxy');
  let server: RunningServer;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    addPeople(database.dir, [['qa.sam', 'qa']]);
    server = await startServer(database.dir, { LOAD_EXAMPLE: 'false', SIGN_IN_ACCOUNT_FAILURES: '10', SIGN_IN_ADDRESS_FAILURES: '3' });
    api = httpClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  it('ignores X-Forwarded-Proto: the cookie is not Secure on a plain HTTP connection', async () => {
    const answer = await api.signIn('qa.sam', PASSWORD, { 'X-Forwarded-Proto': 'https' });
    expect(answer.status).toBe(200);
    expect(answer.cookies.find((c) => c.startsWith('plan_audit_session='))).not.toMatch(/Secure/);
  });

  it('ignores X-Forwarded-For: an attacker cannot escape the address limit by making addresses up', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await api.signIn(`guess.${i}`, 'wrong password', { 'X-Forwarded-For': `10.0.0.${i}` })).status);
    expect(answers).toEqual([401, 401, 401, 429, 429]);
  });
});
