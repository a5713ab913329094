import { existsSync } from 'node:fs';
import { asToken, cliToken, runCli } from '../../support/run-cli';
import { tempDatabase } from '../../support/temp-database';
import { RunningServer, SERVER, startServer } from '../../support/server-process';

/** Where a leg of the server suite keeps its log: the environment it gives the server and the CLI, and what the server must say of it. */
export interface ServerLeg {
  /** Shown in the suite's name. */
  name: string;
  /** Added to the server's and the CLI's environment (e.g. DATABASE_URL and DATABASE_SCHEMA); empty for SQLite. */
  env: Record<string, string>;
  /** How the banner names the store. */
  storeLine: RegExp;
  /** `eventStore` in /api/health. */
  eventStore: string;
  /** Called after the server has stopped: drop the leg's schema. */
  cleanUp?: () => Promise<void>;
}

/** The server as `npm start` runs it: it says where to open it, and answers there. Run once per store. */
export function runServerSuite(leg: ServerLeg): void {
  describe(`the server (${leg.name})`, () => {
    const database = tempDatabase('server');
    let server: RunningServer;
    let baseUrl: string;
    let banner = '';
    let auditor: { Authorization: string };
    // The CLI runs in the same environment as the server, so on PostgreSQL it writes to the same log.
    const cli = (args: string[], env: Record<string, string> = {}) => runCli(database.dir, args, { ...leg.env, ...env });

    beforeAll(async () => {
      if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first (npm test does this for you)`);
      const created = cli(['create-plan', '--plan', 'demo', '--title', 'Demo plan', '--council', 'Demo', '--scale', 'rag-completed'], asToken(cliToken(database.dir, 'admin.pat', 'admin', leg.env)));
      if (created.status !== 0) throw new Error(created.stderr);
      auditor = { Authorization: `Bearer ${cliToken(database.dir, 'audit.pat', 'auditor', leg.env)}` };
      server = await startServer(database.dir, leg.env);
      baseUrl = server.baseUrl;
      banner = server.banner;
    });
    afterAll(async () => {
      await server?.stop();
      database.remove();
      await leg.cleanUp?.();
    });

    it('prints the address to open and the store it uses', () => {
      expect(banner).toMatch(/Improvement plan audit trail is running/);
      expect(banner).toMatch(leg.storeLine);
    });

    it('serves a landing page that tells a visitor nothing of the record, and a health check that counts the log', async () => {
      const home = await fetch(`${baseUrl}/`);
      expect(home.status).toBe(200);
      const text = await home.text();
      expect(text).toContain('href="/sign-in"');
      expect(text).not.toMatch(/plan-demo|event log holds/);
      const health = await (await fetch(`${baseUrl}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', eventStore: leg.eventStore, headPosition: 2, projection: { behind: expect.any(Number) } });
    });

    it('asks for credentials on the raw log', async () => {
      expect((await fetch(`${baseUrl}/api/events`)).status).toBe(401);
    });

    it('lists a stream and the whole log, and refuses a bad query with 400 naming the parameter', async () => {
      const stream = (await (await fetch(`${baseUrl}/api/streams/plan-demo/events`, { headers: auditor })).json()) as { events: { type: string }[] };
      expect(stream.events.map((e) => e.type)).toEqual(['PlanCreated', 'RagScaleDefined']);
      const bad = await fetch(`${baseUrl}/api/events?limit=lots`, { headers: auditor });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ fields: [{ field: 'limit' }] });
    });
  });
}
