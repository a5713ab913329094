import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

/** Start the built server as `npm start` would and wait for it to end, keeping what it said. */
function runSecondServer(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', PORT: '0', LOAD_EXAMPLE: 'false', EVENTSTORE_CONNECTION_STRING: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // No timer of ours: were the second server to start and serve, it would never exit and jest's timeout fails the test.
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const healthOf = async (server: RunningServer) => (await fetch(`${server.baseUrl}/api/health`)).status;

/**
 * One process writes to a data folder at a time (README: "One server per data
 * folder"): a second server, or a CLI command that writes there, is refused at
 * once naming the server; a server killed with kill -9 leaves the folder free.
 */
describe('one server per data folder', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('one-folder');
  let first: RunningServer | undefined;
  let admin: Record<string, string>;
  const createPlan = (plan: string, env: Record<string, string>) =>
    runCli(database.dir, ['create-plan', '--plan', plan, '--title', `Plan ${plan}`, '--council', 'Council', '--scale', 'rag-completed'], env);
  const eventsOf = (plan: string) => runCli(database.dir, ['events', '--plan', plan, '--json']);

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    admin = asToken(cliToken(database.dir, 'admin.pat', 'admin'));
    first = await startServer(database.dir, { LOAD_EXAMPLE: 'false' });
  });
  afterAll(async () => {
    await first?.stop();
    database.remove();
  });

  it('refuses a second server on the folder with a non-zero exit naming the first, which keeps serving', async () => {
    const second = await runSecondServer(database.dir);
    expect(second.code).toBe(1);
    expect(second.stdout).not.toMatch(/is running/);
    expect(second.stderr).toContain(`Could not start: A server (pid ${first!.pid} on host ${hostname()}, answering at ${first!.baseUrl}, started `);
    expect(second.stderr).toContain(`is already using the data folder ${database.dir}`);
    expect(await healthOf(first!)).toBe(200);
    // …and still takes writes: the way the refusal points a CLI user to.
    const remote = createPlan('through-server', { ...admin, PLAN_AUDIT_SERVER: first!.baseUrl });
    expect({ status: remote.status, stderr: remote.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses a CLI write to the folder while the server runs, naming it and PLAN_AUDIT_SERVER, and appends nothing; reads still run', () => {
    const write = createPlan('behind-its-back', admin);
    expect(write.status).toBe(5);
    expect(write.stderr).toContain(`A server (pid ${first!.pid} on host ${hostname()}, answering at ${first!.baseUrl}`);
    expect(write.stderr).toContain(`PLAN_AUDIT_SERVER=${first!.baseUrl}`);
    expect(write.stderr).toContain('(rule: one-process-per-data-folder)');
    for (const maintenance of [['checkpoint'], ['rebuild-read-models'], ['catch-up']]) {
      const refused = runCli(database.dir, maintenance);
      expect({ command: maintenance[0], status: refused.status }).toEqual({ command: maintenance[0], status: 5 });
      expect(refused.stderr).toContain(`pid ${first!.pid}`);
    }
    expect(eventsOf('behind-its-back')).toMatchObject({ status: 0, stdout: '' });
    expect(runCli(database.dir, ['checkpoints', '--json']).stdout).toBe('');
    const read = eventsOf('through-server');
    expect(read.status).toBe(0);
    expect(read.stdout).toMatch(/"type":"PlanCreated"/);
    expect(runCli(database.dir, ['verify']).status).toBe(0);
    expect(runCli(database.dir, ['lag']).status).toBe(0);
  });

  it('lets a new server start on the folder after the first is killed with kill -9: the OS released the lock', async () => {
    await first!.killHard();
    first = undefined;
    const next = await startServer(database.dir, { LOAD_EXAMPLE: 'false' });
    try {
      expect(await healthOf(next)).toBe(200);
      const refused = createPlan('while-next-runs', admin);
      expect(refused.status).toBe(5);
      expect(refused.stderr).toContain(`pid ${next.pid}`);
    } finally {
      await next.stop();
    }
  });

  it('takes the CLI write once the server has stopped', () => {
    const write = createPlan('after-the-server', admin);
    expect({ status: write.status, stderr: write.stderr }).toEqual({ status: 0, stderr: '' });
    expect(eventsOf('after-the-server').stdout).toMatch(/"type":"PlanCreated"/);
    const checkpoint = runCli(database.dir, ['checkpoint']);
    expect({ status: checkpoint.status, stderr: checkpoint.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
