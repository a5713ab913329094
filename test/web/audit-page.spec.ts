import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PASSWORD, startWebServer, WebFixture } from '../support/browser';
import { httpClient } from '../support/http-client';
import { SETUP_ADMIN } from '../support/run-cli';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RATINGS = 5;

/** The text of a summary-list row on the page, by its key, tags stripped. */
const rowOf = (html: string, key: string) => {
  const match = new RegExp(`<dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`).exec(html);
  return match ? match[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() : undefined;
};

/**
 * The audit page (/audit) on the built server, through its pages with a signed-in session: for
 * auditors and administrators only, like the API's full verification; it shows how the read side is
 * keeping up (lag, state, last checkpoint, last error, restarts), the same picture as /api/health,
 * including while a write lock on read-models.sqlite holds the projector up.
 */
describe('the audit page: auditors and administrators, with the read side’s health', () => {
  jest.setTimeout(180_000);
  let web: WebFixture;
  const sessions: Record<string, { session: string }> = {};
  const page = (who: string, path = '/audit') => httpClient(web.baseUrl).call('GET', path, sessions[who]);

  beforeAll(async () => {
    web = await startWebServer('audit-page', {
      people: [
        { id: 'lead.jo', role: 'lead' },
        { id: 'auditor.kim', role: 'auditor' },
      ],
      systems: [{ id: 'board.system', role: 'board' }],
    });
    const client = httpClient(web.baseUrl);
    for (const [user, password] of [['lead.jo', PASSWORD], ['auditor.kim', PASSWORD], [SETUP_ADMIN.id, SETUP_ADMIN.password]]) {
      const signedIn = await client.signIn(user, password);
      if (!signedIn.session) throw new Error(`${user} could not sign in: ${JSON.stringify(signedIn.body)}`);
      sessions[user] = { session: signedIn.session };
    }
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('refuses a lead with the usual 403 page, and shows a lead no link to it', async () => {
    const refused = await page('lead.jo');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('You cannot do this');
    expect(refused.body).toContain('You are signed in as lead.jo (action lead).');
    expect(refused.body).toContain('this needs the role of administrator or auditor');
    expect(refused.body).not.toContain('The record checks out');
    expect(refused.body).not.toContain('Events behind');
    const plans = await page('lead.jo', '/plans');
    expect(plans.status).toBe(200);
    expect(plans.body).not.toContain('href="/audit"');
  });

  it('shows an auditor and an administrator the check and the read side up to date, linked from the menu', async () => {
    for (const who of ['auditor.kim', SETUP_ADMIN.id]) {
      expect((await page(who, '/plans')).body).toContain('href="/audit"');
      const shown = await page(who);
      expect({ who, status: shown.status }).toEqual({ who, status: 200 });
      expect(shown.body).toContain('The record checks out');
      expect(shown.body).toContain('Up to date');
      expect(rowOf(shown.body, 'State')).toBe('Following the record');
      expect(rowOf(shown.body, 'Events behind')).toMatch(/^0 \(the record holds \d+; ready while no more than 1000 behind\)$/);
      expect(rowOf(shown.body, 'Last checkpoint')).toMatch(/^Event \d+, written .+ \(\d+ seconds ago\)$/);
      expect(rowOf(shown.body, 'Last error')).toBe('None since the server started');
    }
  });

  it('shows the auditor the lag, the state and the last error while a write lock holds the projector up, and the recovery after', async () => {
    const lock = new Database(join(web.dataDir, 'read-models.sqlite'));
    lock.exec('BEGIN EXCLUSIVE');
    let held: { status: string; projection: { behind: number; state: string; restarts: number } } | undefined;
    try {
      for (let i = 0; i < RATINGS; i++) {
        const rated = await web.api('board.system', 'POST', '/api/plans/sunderland-2017/actions/3.2/ratings', { code: i % 2 ? 'A' : 'LG', commentary: `held up ${i}`, effectiveAt: '2024-01-01', reason: 'board meeting' });
        expect(rated.status).toBe(201);
      }
      // Until the projector's write has failed on the lock (its busy timeout is 5 s) and it is waiting to retry.
      for (let tries = 0; tries < 300; tries++) {
        held = (await httpClient(web.baseUrl).call('GET', '/api/health')).body;
        if (held!.projection.state === 'retrying' && held!.projection.behind >= RATINGS) break;
        await sleep(100);
      }
      expect(held).toMatchObject({ status: 'degraded', projection: { state: 'retrying' } });

      const shown = await page('auditor.kim');
      expect(shown.status).toBe(200);
      expect(shown.body).toContain('Not up to date: A read-model write failed');
      const behind = Number(/^(\d+) /.exec(rowOf(shown.body, 'Events behind') ?? '')?.[1]);
      expect(behind).toBeGreaterThanOrEqual(RATINGS);
      expect(rowOf(shown.body, 'State')).toMatch(/^(Retrying after a failed write|Held up by another connection to the read-models file)$/);
      expect(rowOf(shown.body, 'Last error')).toMatch(/database is locked/);
      expect(rowOf(shown.body, 'Restarts')).toMatch(/^\d+ since the server started$/);
      process.stdout.write(`audit page while read-models.sqlite was locked: ${behind} events behind, state "${rowOf(shown.body, 'State')}", last error "${rowOf(shown.body, 'Last error')}"\n`);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }

    await web.caughtUp();
    const after = await page('auditor.kim');
    expect(after.body).toContain('Up to date');
    expect(rowOf(after.body, 'Events behind')).toMatch(/^0 /);
    // The failure stays on the page after the recovery, with the restarts it took.
    expect(rowOf(after.body, 'Last error')).toMatch(/database is locked/);
    expect(Number(/^(\d+)/.exec(rowOf(after.body, 'Restarts') ?? '')?.[1])).toBeGreaterThanOrEqual(1);
  });
});
