import { existsSync } from 'node:fs';
import { CLI, cliToken } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const RATINGS_ROUTE = '/api/plans/:planId/actions/:reference/ratings';
const RATE_3_2 = '/api/plans/sunderland-2017/actions/3.2/ratings';
const SECRET_QUERY = 'query-secret-9f8e7d';
const SECRET_COMMENTARY = 'commentary-never-logged-5a4b';
/** Neither inherited from the test runner's terminal (jest sets FORCE_COLOR for its workers): the server decides from its stdout, a pipe. */
const NO_COLOUR_HINTS = { FORCE_COLOR: '', NO_COLOR: '' };

/** Wait until the server's output holds a line matching `pattern` (the request line is written as the answer leaves). */
async function lineMatching(server: RunningServer, pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const line = server.output().split('\n').find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matching ${pattern} in:\n${server.output()}`);
}

/** One sample of a Prometheus text page: `name{labels} value`, labels written as in the page. */
function sample(page: string, name: string, labels = ''): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * What an operator reads: the built server started as `npm start` would, its stdout and stderr
 * pipes (not a terminal), one line per request, and Prometheus's scrape of /api/metrics.
 */
describe('logs and metrics of the running server', () => {
  jest.setTimeout(180_000);

  beforeAll(() => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
  });

  describe('text logs, metrics for administrators and auditors (the defaults)', () => {
    const database = tempDatabase('logs-text');
    const tokens: Record<string, string> = {};
    let server: RunningServer;
    const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
    const rate = (body: unknown, headers: Record<string, string> = {}, query = '') =>
      fetch(`${server.baseUrl}${RATE_3_2}${query}`, { method: 'POST', headers: { ...as('lead.jo'), 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const scrape = async () => {
      const response = await fetch(`${server.baseUrl}/api/metrics`, { headers: as('audit.pat') });
      expect(response.status).toBe(200);
      // Prometheus's text exposition format, version 0.0.4 (Express puts the charset first).
      expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      return response.text();
    };

    beforeAll(async () => {
      for (const [id, role] of [['lead.jo', 'lead'], ['audit.pat', 'auditor']]) tokens[id] = cliToken(database.dir, id, role);
      server = await startServer(database.dir, NO_COLOUR_HINTS);
    });
    afterAll(async () => {
      await server?.stop();
      database.remove();
    });

    it('writes one line per request with its id, the user, the route pattern and the status, and never the token, the query or the body', async () => {
      const response = await rate({ code: 'DG', commentary: SECRET_COMMENTARY }, { 'X-Request-Id': 'trace-42.a' }, `?secret=${SECRET_QUERY}`);
      expect(response.status).toBe(201);
      expect(response.headers.get('x-request-id')).toBe('trace-42.a');
      const line = await lineMatching(server, /request=trace-42\.a/);
      expect(line).toMatch(new RegExp(`\\[HTTP\\] 201 POST ${RATINGS_ROUTE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} [\\d.]+ ms user=lead\\.jo request=trace-42\\.a$`));
      expect(server.output().split('\n').filter((l) => l.includes('trace-42.a'))).toHaveLength(1);

      const output = server.output();
      expect(output).not.toContain('\x1b[');
      expect(output).not.toContain(tokens['lead.jo']);
      expect(output).not.toContain(SECRET_QUERY);
      expect(output).not.toContain(SECRET_COMMENTARY);
      expect(output).not.toContain('sunderland-2017/actions/3.2');
    });

    it('gives a request a fresh id when the one it brings is not short and plain, and logs a caller who is not signed in as "-"', async () => {
      const brought = `x${'y'.repeat(80)}`;
      const response = await fetch(`${server.baseUrl}/api/plans`, { headers: { 'X-Request-Id': brought } });
      expect(response.status).toBe(401);
      const id = response.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await lineMatching(server, new RegExp(`request=${id}`))).toMatch(/\[HTTP\] 401 GET \/api\/plans [\d.]+ ms user=- request=/);
      expect(server.output()).not.toContain(brought);
    });

    it('counts appends and times commands by outcome: five ratings accepted and two refused raise each by exactly that', async () => {
      const before = await scrape();
      for (const code of ['A', 'LG', 'DG', 'A', 'R']) expect((await rate({ code, commentary: 'monthly update' })).status).toBe(201);
      for (const code of ['Q', 'purple']) expect((await rate({ code, commentary: 'monthly update' })).status).toBe(400);
      const after = await scrape();

      const appended = (page: string) => sample(page, 'plan_audit_events_appended_total')!;
      const commands = (page: string, outcome: string) => sample(page, 'plan_audit_command_duration_seconds_count', `command="ChangeRating",outcome="${outcome}"`) ?? 0;
      const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { headPosition: number };
      const figures = {
        appended: appended(after) - appended(before),
        accepted: commands(after, 'accepted') - commands(before, 'accepted'),
        refused: commands(after, 'refused') - commands(before, 'refused'),
        failed: commands(after, 'failed') - commands(before, 'failed'),
      };
      process.stdout.write(`metrics after 5 accepted and 2 refused ratings: ${JSON.stringify(figures)}; events appended ${appended(after)} (health's head ${health.headPosition})\n`);
      expect(figures).toEqual({ appended: 5, accepted: 5, refused: 2, failed: 0 });
      expect(appended(after)).toBe(health.headPosition);

      // The example's import on the first start went through the importer's own CommandBus (another instance than the controllers'): timed too.
      expect(sample(after, 'plan_audit_command_duration_seconds_count', 'command="ImportPlan",outcome="accepted"')).toBe(1);
      const lag = sample(after, 'plan_audit_projection_lag_events');
      expect(typeof lag === 'number' && Number.isFinite(lag) && lag >= 0).toBe(true);
      expect(sample(after, 'plan_audit_projector_restarts_total')).toBe(0);
      expect(sample(after, 'plan_audit_projector_stopped')).toBe(0);
      expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    });

    it('reports the age of the last signed checkpoint', async () => {
      expect((await fetch(`${server.baseUrl}/api/audit/checkpoints`, { method: 'POST', headers: as('audit.pat') })).status).toBe(201);
      const age = sample(await scrape(), 'plan_audit_last_checkpoint_age_seconds');
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(120);
    });

    it('refuses a scrape without a token (401) and from a role that does not watch the system (403)', async () => {
      const anonymous = await fetch(`${server.baseUrl}/api/metrics`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { detail: string }).detail).toMatch(/administrators and auditors/);
      expect((await fetch(`${server.baseUrl}/api/metrics`, { headers: as('lead.jo') })).status).toBe(403);
    });
  });

  describe('LOG_FORMAT=json and METRICS_PUBLIC=true', () => {
    const database = tempDatabase('logs-json');
    let token: string;
    let server: RunningServer;

    beforeAll(async () => {
      token = cliToken(database.dir, 'board.chair', 'board');
      // READY_MAX_LAG=-1: the read models are always "too far behind", so /api/health/ready gives a real 503 on demand.
      server = await startServer(database.dir, { ...NO_COLOUR_HINTS, LOG_FORMAT: 'json', METRICS_PUBLIC: 'true', LOAD_EXAMPLE: 'false', READY_MAX_LAG: '-1' });
    });
    afterAll(async () => {
      await server?.stop();
      database.remove();
    });

    it('writes every line as one JSON object, a request with its id, user, method, route, status and time as fields', async () => {
      const response = await fetch(`${server.baseUrl}/api/plans?token=${SECRET_QUERY}`, { headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'json-7' } });
      expect(response.status).toBe(200);
      await lineMatching(server, /"requestId":"json-7"/);
      const lines = server.output().split('\n').filter((line) => line.trim() !== '');
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.length).toBeGreaterThan(2);
      const request = entries.find((entry) => entry.requestId === 'json-7');
      expect(request).toMatchObject({ level: 'log', context: 'HTTP', requestId: 'json-7', user: 'board.chair', method: 'GET', route: '/api/plans', status: 200 });
      expect(typeof request!.ms).toBe('number');
      expect(new Date(request!.time as string).toISOString()).toBe(request!.time);
      expect(entries.some((entry) => String(entry.message).includes('Open http://'))).toBe(true);
      expect(server.output()).not.toContain(token);
      expect(server.output()).not.toContain(SECRET_QUERY);
      expect(server.output()).not.toContain('\x1b[');
    });

    it('puts the request id in a 5xx body, so whoever meets it can quote it', async () => {
      const response = await fetch(`${server.baseUrl}/api/health/ready`, { headers: { 'X-Request-Id': 'quote-me-1' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 503, requestId: 'quote-me-1' });
      expect(JSON.parse(await lineMatching(server, /"requestId":"quote-me-1"/))).toMatchObject({ route: '/api/health/ready', status: 503, user: '-' });
    });

    it('lets anyone scrape the metrics when METRICS_PUBLIC=true', async () => {
      const response = await fetch(`${server.baseUrl}/api/metrics`);
      expect(response.status).toBe(200);
      const page = await response.text();
      expect(sample(page, 'plan_audit_events_appended_total')).toBe(0);
      // An empty log has no signed checkpoint: its age is absent rather than a made-up 0.
      expect(page).toContain('# TYPE plan_audit_last_checkpoint_age_seconds gauge');
      expect(sample(page, 'plan_audit_last_checkpoint_age_seconds')).toBeUndefined();
    });
  });
});
