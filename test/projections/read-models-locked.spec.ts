import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { httpClient } from '../support/http-client';
import { cliAdmin, cliToken, CLI, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';
import { readModelFacts } from '../support/read-model-facts';

const WRITES = 1000;
const ACTIONS = 10;
const LOCK_MS = 5000;
const CODES = ['R', 'A', 'G'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fault: another connection holds an exclusive write lock on read-models.sqlite for
 * 5 s while ratings are posted to the real server. Every write is acknowledged (the log is another
 * file); readiness answers 503 while the read side is held up; once the lock goes the projector
 * resumes by itself from its checkpoint, and the plan's report shows every action's last rating.
 * The figures are printed for the README's reliability table.
 */
describe('the read models locked for 5 s during 1,000 ratings', () => {
  const database = tempDatabase('read-models-locked');
  let server: RunningServer;
  let board: { token: string };
  let lead: { token: string };

  beforeAll(async () => {
    if (!existsSync(SERVER) || !existsSync(CLI)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    board = { token: cliToken(database.dir, 'board.chair', 'board') };
    lead = { token: cliToken(database.dir, 'lead.jo', 'lead') };
    server = await startServer(database.dir);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  it('acknowledges every write, is not ready while stalled, and catches up by itself', async () => {
    const { call } = httpClient(server.baseUrl);
    const setUp = { effectiveAt: '2020-01-01', reason: 'set up' };
    expect((await call('POST', '/api/plans', board, { planId: 'lock-plan', title: 'Plan', council: 'Council', scale: 'rag', ...setUp })).status).toBe(201);
    expect((await call('POST', '/api/plans/lock-plan/priorities', board, { number: 1, title: 'Workforce', ...setUp })).status).toBe(201);
    for (let a = 1; a <= ACTIONS; a++) {
      expect((await call('POST', '/api/plans/lock-plan/actions', board, { reference: `1.${a}`, priorityNumber: 1, title: `Action ${a}`, ...setUp })).status).toBe(201);
    }

    // Ratings in order, four at a time; the i-th goes to action 1.(i mod 10 + 1), a day after the one before.
    const statuses: number[] = [];
    const last = new Map<string, { code: string; commentary: string }>();
    let next = 0;
    const rate = async () => {
      for (let i = next++; i < WRITES; i = next++) {
        const reference = `1.${(i % ACTIONS) + 1}`;
        const rating = { code: CODES[i % CODES.length], commentary: `rating ${i}`, effectiveAt: new Date(Date.UTC(2020, 1, 1) + i * 86_400_000).toISOString().slice(0, 10), reason: `board ${i}` };
        const answer = await call('POST', `/api/plans/lock-plan/actions/${reference}/ratings`, lead, rating);
        statuses.push(answer.status);
        if (answer.status !== 201) throw new Error(`rating ${i} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        last.set(reference, { code: rating.code, commentary: rating.commentary });
      }
    };
    const health = async () => (await call('GET', '/api/health')).body as { status: string; reason?: string; projection: { behind: number; restarts: number; state: string } };
    let maxLag = 0;
    const readyAnswers: { status: number; message?: string }[] = [];

    const writers = Promise.all([rate(), rate(), rate(), rate()]);
    while (statuses.length < 50) await sleep(10);

    const lock = new Database(join(database.dir, 'read-models.sqlite'));
    lock.exec('BEGIN EXCLUSIVE');
    const lockedAt = Date.now();
    let degraded: Awaited<ReturnType<typeof health>> | undefined;
    while (Date.now() - lockedAt < LOCK_MS) {
      const ready = await call('GET', '/api/health/ready');
      readyAnswers.push({ status: ready.status, message: ready.body.detail });
      const now = await health();
      maxLag = Math.max(maxLag, now.projection.behind);
      if (now.status === 'degraded') degraded = now;
      await sleep(200);
    }
    lock.exec('COMMIT');
    lock.close();
    const releasedAt = Date.now();

    await writers;
    let caughtUpAt: number | undefined;
    let after = await health();
    while (Date.now() - releasedAt < 30_000) {
      after = await health();
      maxLag = Math.max(maxLag, after.projection.behind);
      if (statuses.length === WRITES && after.projection.behind === 0) {
        caughtUpAt = Date.now();
        break;
      }
      await sleep(50);
    }

    expect(statuses.filter((s) => s === 201)).toHaveLength(WRITES);
    expect(readyAnswers.some((r) => r.status === 503)).toBe(true);
    expect(degraded?.reason).toBeTruthy();
    expect(caughtUpAt).toBeDefined();
    expect((caughtUpAt! - releasedAt) / 1000).toBeLessThan(10);
    expect(after.status).toBe('ok');
    expect((await call('GET', '/api/health/ready')).status).toBe(200);

    const plan = (await call('GET', '/api/plans/lock-plan', lead)).body as { actions: { reference: string; rating?: { code: string; commentary?: string } }[] };
    const shown = Object.fromEntries(plan.actions.map((a) => [a.reference, { code: a.rating?.code, commentary: a.rating?.commentary }]));
    expect(shown).toEqual(Object.fromEntries(last));

    const stalled = readyAnswers.filter((r) => r.status === 503);
    console.log(
      [
        'Read models locked (BEGIN EXCLUSIVE) for 5 s during ratings:',
        `  writes acknowledged: ${statuses.length}/${WRITES}`,
        `  ready answered 503 on ${stalled.length} of ${readyAnswers.length} polls during the lock (e.g. "${stalled[0]?.message}")`,
        `  health while stalled: ${degraded?.status} (${degraded?.projection.state}): ${degraded?.reason}`,
        `  max lag: ${maxLag} events`,
        `  caught up ${((caughtUpAt! - releasedAt) / 1000).toFixed(2)} s after the lock went`,
        `  projector restarts: ${after.projection.restarts}`,
      ].join('\n'),
    );
  }, 120_000);

  it('applied no event twice in the retries: the read models equal a rebuild from the log', async () => {
    const facts = () => readModelFacts(database.dir);
    await server.stop();
    const projected = facts();
    const rebuilt = runCli(database.dir, ['rebuild-read-models'], cliAdmin(database.dir));
    expect({ status: rebuilt.status, stderr: rebuilt.stderr }).toEqual({ status: 0, stderr: '' });
    expect(facts()).toEqual(projected);
    expect(projected.length).toBeGreaterThan(1000);
  }, 120_000);
});
