import { httpClient } from '../support/http-client';
import { cliAdmin, SETUP_ADMIN } from '../support/run-cli';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sessions end when idle and at an absolute limit, whichever comes first. The
 * limits are made seconds long through the settings (3 s idle, 9 s absolute), so
 * the real server can be watched ending them.
 */
describe('session time limits', () => {
  const database = tempDatabase('session-timeouts');
  let server: RunningServer;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    cliAdmin(database.dir);
    server = await startServer(database.dir, { LOAD_EXAMPLE: 'false', SESSION_IDLE_MINUTES: '0.05', SESSION_MAX_HOURS: '0.0025' });
    api = httpClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  const signedIn = async () => ({ session: (await api.signIn(SETUP_ADMIN.id, SETUP_ADMIN.password)).session! });

  it('ends a session left unused for longer than the idle limit', async () => {
    const session = await signedIn();
    await sleep(1000);
    expect((await api.call('GET', '/api/session', session)).status).toBe(200);
    await sleep(4000);
    expect((await api.call('GET', '/api/session', session)).status).toBe(401);
  });

  it('keeps a session in use alive past the idle limit, but not past the absolute limit', async () => {
    const session = await signedIn();
    const answers: number[] = [];
    // Used every 1.5 s (within the 3 s idle limit) for 7.5 s: each use keeps it alive.
    for (let i = 0; i < 5; i++) {
      await sleep(1500);
      answers.push((await api.call('GET', '/api/session', session)).status);
    }
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    // In use all along, it still ends 9 s after sign-in.
    while (true) {
      await sleep(1500);
      const status = (await api.call('GET', '/api/session', session)).status;
      if (status !== 200) {
        expect(status).toBe(401);
        break;
      }
    }
  });

  it('tells the browser to keep the cookie no longer than the absolute limit', async () => {
    const answer = await api.signIn(SETUP_ADMIN.id, SETUP_ADMIN.password);
    expect(answer.cookies.find((c) => c.startsWith('plan_audit_session='))).toMatch(/Max-Age=9;/);
  });
});
