import { existsSync } from 'node:fs';
import { generatePlan, shapeFor } from '../../bench/dataset';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { httpClient } from '../support/http-client';
import { CLI, cliAdmin, cliToken, runCli, SETUP_ADMIN } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

/** Enough history that one full verification is still re-hashing when the second request arrives. */
const EVENTS = 40_000;

/**
 * One full verification at a time, proved over HTTP on the built server (its verification runs on
 * worker threads, so two requests really can overlap; under ts-jest they cannot, and
 * test/api/full-verification.spec.ts proves the rule on the service). Two auditors' requests sent
 * together: one is answered with the report, the other 429 with Retry-After, saying one is running.
 */
describe('a second full verification over HTTP while one runs', () => {
  jest.setTimeout(300_000);
  const database = tempDatabase('verify-twice');
  let server: RunningServer | undefined;
  let auditor: { token: string };
  const PASSWORD = 'an auditor passphrase for the web page';
  let events = 0;

  beforeAll(async () => {
    if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    auditor = { token: cliToken(database.dir, 'auditor.kim', 'auditor') };
    const added = runCli(database.dir, ['add-user', '--id', 'auditor.web', '--role', 'auditor'], { ...cliAdmin(database.dir), PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
    if (added.status !== 0) throw new Error(added.stderr);
    // A councils' history decided by the real deciders (the benchmark's generator), written before the server starts.
    const store = new SqliteEventStore({ filename: database.file });
    try {
      const shape = shapeFor(EVENTS, 2017);
      for (let plan = 0; plan < shape.plans; plan++) {
        for (const year of generatePlan(plan, shape, new Date())) {
          for (const result of await store.appendMany(year)) events += result.events.length;
        }
      }
    } finally {
      await store.close();
    }
    server = await startServer(database.dir);
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  it('answers one with the report and the other 429 with Retry-After, saying one is running', async () => {
    const { call } = httpClient(server!.baseUrl);
    const answers = await Promise.all([call('GET', '/api/audit/verification', auditor), call('GET', '/api/audit/verification', auditor)]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 429]);
    const report = answers.find((a) => a.status === 200)!;
    const refused = answers.find((a) => a.status === 429)!;
    expect(report.body).toMatchObject({ ok: true, eventCount: events });
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body.detail).toMatch(/A full verification of the log is already running; try again when it has finished/);

    // Once the first has finished, the next request runs.
    const again = await call('GET', '/api/audit/verification', auditor);
    expect(again.status).toBe(200);
    process.stdout.write(`full verification twice at once over ${events} events: statuses ${statuses.join(' and ')}; Retry-After ${refused.headers.get('retry-after')}; "${refused.body.detail}"\n`);
  });

  it('holds the audit page to the same rule: two at once, one shows the check, the other a 429 page saying one is running', async () => {
    const { call, signIn } = httpClient(server!.baseUrl);
    const sessions = await Promise.all([signIn('auditor.web', PASSWORD), signIn(SETUP_ADMIN.id, SETUP_ADMIN.password)]);
    const pages = await Promise.all(sessions.map((signedIn) => call('GET', '/audit', { session: signedIn.session! })));
    expect(pages.map((p) => p.status).sort()).toEqual([200, 429]);
    const refused = pages.find((p) => p.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body).toContain('A check is already running');
    expect(refused.body).toContain('A full verification of the log is already running');
    expect(pages.find((p) => p.status === 200)!.body).toContain('The record checks out');
  });
});
