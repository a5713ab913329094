import { tempDatabase } from '../support/temp-database';
import { RunningServer, startServer } from '../support/server-process';
import { cliToken } from '../support/run-cli';


/** A new user starts the server on an empty store and finds a real plan with history. */
describe('the first start of the server', () => {
  const database = tempDatabase('first-start');
  let server: RunningServer;
  let baseUrl: string;
  let inspector: { Authorization: string };
  let auditor: { Authorization: string };

  beforeAll(async () => {
    inspector = { Authorization: `Bearer ${cliToken(database.dir, 'ofsted.hmi', 'inspector')}` };
    auditor = { Authorization: `Bearer ${cliToken(database.dir, 'audit.al', 'auditor')}` };
    server = await startServer(database.dir, { LOAD_EXAMPLE: '' });
    baseUrl = server.baseUrl;
    // Wait for the projector to fold the example in.
    for (let i = 0; i < 100; i++) {
      const health = (await (await fetch(`${baseUrl}/api/health`)).json()) as { headPosition: number; projection: { behind: number } };
      if (health.headPosition > 0 && health.projection.behind === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  it('loads the Sunderland 2017 example and lists it on the plans page, not on the landing page a visitor sees', async () => {
    const home = await (await fetch(`${baseUrl}/`)).text();
    expect(home).not.toContain('sunderland-2017');
    const plans = await (await fetch(`${baseUrl}/plans`, { headers: inspector })).text();
    expect(plans).toContain('href="/plans/sunderland-2017"');
  });

  it('answers Table 1 for "Nov 16" vs "Current" over HTTP', async () => {
    const summary = (await (await fetch(`${baseUrl}/api/plans/sunderland-2017/reports/rag-summary?from=${encodeURIComponent('Nov 16')}&to=Current`, { headers: inspector })).json()) as {
      totals: { counts: Record<string, [number, number]> };
    };
    expect(summary.totals.counts).toEqual({ R: [0, 0], A: [13, 8], LG: [29, 8], DG: [6, 26], C: [11, 17] });
  });

  it('serves the committee report as a Word document', async () => {
    const response = await fetch(`${baseUrl}/api/plans/sunderland-2017/reports/committee?from=${encodeURIComponent('Nov 16')}&to=Current&format=docx`, { headers: inspector });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/wordprocessingml/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers an unknown report with 404 and the list of reports', async () => {
    const response = await fetch(`${baseUrl}/api/plans/sunderland-2017/reports/table-9`, { headers: inspector });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/choose one of plan-state, rag-summary/);
  });

  it('records the example as a user on record, not a made-up name: every event by example-loader (board), whose making the access log shows', async () => {
    const page = (await (await fetch(`${baseUrl}/api/events?after=0&limit=1000`, { headers: auditor })).json()) as { events: { metadata: { actor: { id: string; role: string } } }[] };
    expect(page.events.length).toBeGreaterThan(200);
    expect(new Set(page.events.map((e) => JSON.stringify(e.metadata.actor)))).toEqual(new Set([JSON.stringify({ id: 'example-loader', role: 'board' })]));
    const log = (await (await fetch(`${baseUrl}/api/access-log?user=example-loader`, { headers: auditor })).json()) as { entries: { action: string; actor: unknown; details: Record<string, unknown> }[] };
    expect(log.entries).toEqual([expect.objectContaining({ action: 'user-created', actor: { kind: 'system', id: 'example-plan-loader' }, details: expect.objectContaining({ role: 'board', password: false }) })]);
  });
});

describe('the first start, before anyone can sign in', () => {
  it('says how to create the first administrator, though the example plan was loaded by its own user', async () => {
    const database = tempDatabase('first-start-no-admin');
    const server = await startServer(database.dir, { LOAD_EXAMPLE: '' });
    try {
      expect(server.banner).toContain('No one can sign in yet: create the first administrator');
    } finally {
      await server.stop();
      database.remove();
    }
  });
});
