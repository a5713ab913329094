import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { UsersService } from '../src/auth/users.service';
import { benchEnv, openBenchApp } from './bench-app';
import { COMMENTARY } from './dataset';
import { figures, freePort, HttpFigures, load, startBareServer, startOptions, waitUntilWarm } from './http-load';
import { pick, seededRandom } from './random';
import { sizedPlanReferences, writeSizedPlan } from './sized-plans';
import { latencyOf, percentile } from './stats';

export interface MixedDayOptions {
  /** The plan everyone works on, and its open actions (found by the command phase). */
  planId: string;
  references: string[];
  /** How many intervals, and how long each: five of 60 s in a full run. */
  intervals: number;
  intervalSeconds: number;
  connections: number;
  /** Plan sizes, in facts, at which a read after a write is timed; and how many writes and reads at each. */
  sizes: number[];
  readsAfterWrite: number;
  seed: number;
}

export interface MixedInterval {
  /** 1-based: the first minute of the load, the second… */
  interval: number;
  requestsPerSecond: number;
  writesPerSecond: number;
  readsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export interface ReadAfterWrite {
  planId: string;
  /** Facts of the plan in the read models once the timings were taken. */
  facts: number;
  samples: number;
  /** Table 1 read straight after a rating write to the same plan was answered (201). */
  afterWrite: { p50Ms: number; p99Ms: number };
  /** The same read again, nothing written in between. */
  again: { p50Ms: number; p99Ms: number };
}

export interface MixedDayFigures {
  connections: number;
  intervalSeconds: number;
  intervals: MixedInterval[];
  /** Requests/s in the last interval over the first: the issue asks for at least 0.8. */
  lastOverFirst: number;
  p99Ms: number;
  /** The plan's facts when the load began and when it ended. */
  factsBefore: number;
  factsAfter: number;
  /** /api/health asked once a second during the load, from the client's side. */
  health: { samples: number; p50Ms: number; maxMs: number; notOk: number };
  /** How many answers had each status other than 2xx (a 409 is a rule refusing a write, e.g. on a completed action). */
  statuses: Record<string, number>;
  /** A bare Node server answering as many bytes per response to the same connections: the ceiling. */
  bare: HttpFigures;
  bytesPerResponse: number;
  readAfterWrite: ReadAfterWrite[];
}

/** The mix of the day of a board meeting (issue 23): 30 % ratings, 10 % evidence, 60 % reads of Table 1, the plan, and histories. */
const MIX = { rating: 0.3, evidence: 0.1 };

const factsOf = (dataDir: string, planIds: string[]): number[] => {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const count = db.prepare('SELECT COUNT(*) FROM plan_facts WHERE planId = ?').pluck();
    return planIds.map((planId) => count.get(planId) as number);
  } finally {
    db.close();
  }
};

/**
 * The day of a board meeting, through the real server (`npm start`) on the benchmark's data:
 * leads rating the actions of one plan and submitting evidence while the board and QA read its
 * Table 1, the plan and actions' histories at random dates, all at once over `connections`
 * connections, for `intervals` intervals, each reported apart (requests/s and p99), so a server
 * that slows as the plan grows shows it. Then, at plans of each size, a rating written and
 * Table 1 read straight after: the cost a reader pays for the write before it.
 */
export async function measureMixedDay(dataDir: string, options: MixedDayOptions): Promise<MixedDayFigures> {
  const app = await openBenchApp(dataDir);
  const users = app.get(UsersService);
  // On a kept folder (--dir, --keep) a second run finds them there.
  if (!(await users.findUser('mixed.lead'))) await users.createUser('mixed.lead', 'lead', 'Mixed-day action lead');
  if (!(await users.findUser('mixed.board'))) await users.createUser('mixed.board', 'board', 'Mixed-day board member');
  const leadToken = await users.createToken('mixed.lead', 'benchmark');
  const readerToken = await users.createToken('mixed.board', 'benchmark');
  const sized: string[] = [];
  for (const facts of options.sizes) sized.push((await writeSizedPlan(app, facts, new Date(), options.seed)).planId);
  await app.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // MIXED_DAY_SERVER_ARGS adds node options to the server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes (NODE_OPTIONS refuses --cpu-prof).
  const extra = (process.env.MIXED_DAY_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean);
  const server = spawn(process.execPath, [...startOptions(), ...extra, join(__dirname, '..', 'src', 'main.js')], { env: benchEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'ignore', 'inherit'] });
  // Killed by a signal, a child's exitCode stays null: wait for its 'exit', once, however it ends.
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stopServer = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
  };
  const random = seededRandom(options.seed + 23);
  // Copied into each request: autocannon writes a body's content-length into the headers it is given.
  const asLead = { authorization: `Bearer ${leadToken}`, 'content-type': 'application/json' };
  const asReader = { authorization: `Bearer ${readerToken}` };
  const randomDay = () => new Date(Date.UTC(2020, 0, 2) + random() * 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  try {
    await waitUntilWarm(base, server);
    const [factsBefore] = factsOf(dataDir, [options.planId]);
    const { planId, references, connections, intervalSeconds } = options;
    const plan = `/api/plans/${planId}`;
    const action = () => `${plan}/actions/${encodeURIComponent(pick(random, references))}`;
    let evidence = 0;
    // Each request counted, as a write or a read, in the interval it was sent in; each response's latency in the interval it came back in.
    const buckets = Array.from({ length: options.intervals }, () => ({ latencies: [] as number[], writes: 0, reads: 0, non2xx: 0 }));
    let started = performance.now();
    const bucketNow = () => buckets[Math.min(options.intervals - 1, Math.floor((performance.now() - started) / 1000 / intervalSeconds))];
    const mix = (url: string): autocannon.Options => ({
      url,
      connections,
      duration: options.intervals * intervalSeconds,
      requests: [
        {
          setupRequest: (request) => {
            const roll = random();
            if (roll < MIX.rating + MIX.evidence) bucketNow().writes += 1;
            else bucketNow().reads += 1;
            if (roll < MIX.rating) {
              return { ...request, method: 'POST', headers: { ...asLead }, path: `${action()}/ratings`, body: JSON.stringify({ code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY) }) };
            }
            if (roll < MIX.rating + MIX.evidence) {
              evidence += 1;
              const fileHash = (evidence * 2_654_435_761).toString(16).padStart(64, '0').slice(-64);
              return { ...request, method: 'POST', headers: { ...asLead }, path: `${action()}/evidence`, body: JSON.stringify({ title: `Audit ${evidence}`, description: 'Case file audit', fileHash }) };
            }
            const [from, to] = [randomDay(), randomDay()].sort();
            const read = Math.floor(((roll - MIX.rating - MIX.evidence) / (1 - MIX.rating - MIX.evidence)) * 3);
            const path = read === 0 ? `${plan}/reports/rag-summary?from=${from}&to=${to}` : read === 1 ? `${plan}?asOf=${to}` : `${action()}/history?asOf=${to}`;
            return { ...request, method: 'GET', headers: { ...asReader }, path, body: undefined };
          },
        },
      ],
    });

    const health: number[] = [];
    let healthNotOk = 0;
    started = performance.now();
    const healthTimer = setInterval(() => {
      const asked = performance.now();
      fetch(`${base}/api/health`)
        .then(async (answer) => {
          const body = (await answer.json()) as { status: string };
          if (body.status !== 'ok') healthNotOk += 1;
          health.push(performance.now() - asked);
        })
        .catch(() => (healthNotOk += 1));
    }, 1000);
    let bytes = 0;
    let responses = 0;
    const statuses: Record<string, number> = {};
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(mix(base), (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (_client: autocannon.Client, statusCode: number, resBytes: number, responseTime: number) => {
        const bucket = bucketNow();
        bucket.latencies.push(responseTime);
        if (statusCode < 200 || statusCode >= 300) {
          bucket.non2xx += 1;
          statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
        }
        bytes += resBytes;
        responses += 1;
      });
    });
    clearInterval(healthTimer);
    const intervals = buckets.map((b, i) => {
      const latency = latencyOf(b.latencies);
      return {
        interval: i + 1,
        requestsPerSecond: b.latencies.length / intervalSeconds,
        writesPerSecond: b.writes / intervalSeconds,
        readsPerSecond: b.reads / intervalSeconds,
        p50Ms: latency.p50Ms,
        p99Ms: latency.p99Ms,
        non2xx: b.non2xx,
      };
    });
    const sortedHealth = [...health].sort((a, b) => a - b);

    // A rating, answered; then Table 1 of the same plan, timed; then the same read again.
    const readAfterWrite: Omit<ReadAfterWrite, 'facts'>[] = [];
    const sizedReferences = sizedPlanReferences();
    for (const sizedPlan of sized) {
      const afterWrite: number[] = [];
      const again: number[] = [];
      const table = `${base}/api/plans/${sizedPlan}/reports/rag-summary?from=2019-12-20`;
      for (let i = -3; i < options.readsAfterWrite; i++) {
        const written = await fetch(`${base}/api/plans/${sizedPlan}/actions/${encodeURIComponent(pick(random, sizedReferences))}/ratings`, {
          method: 'POST',
          headers: { ...asLead },
          body: JSON.stringify({ code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY) }),
        });
        if (written.status !== 201) throw new Error(`a rating on ${sizedPlan} answered ${written.status}: ${await written.text()}`);
        await written.arrayBuffer();
        const timed = async () => {
          const asked = performance.now();
          const answer = await fetch(table, { headers: { ...asReader } });
          if (answer.status !== 200) throw new Error(`Table 1 of ${sizedPlan} answered ${answer.status}`);
          await answer.arrayBuffer();
          return performance.now() - asked;
        };
        const first = await timed();
        const second = await timed();
        if (i < 0) continue; // the first three warm the route
        afterWrite.push(first);
        again.push(second);
      }
      const a = latencyOf(afterWrite);
      const b = latencyOf(again);
      readAfterWrite.push({ planId: sizedPlan, samples: afterWrite.length, afterWrite: { p50Ms: a.p50Ms, p99Ms: a.p99Ms }, again: { p50Ms: b.p50Ms, p99Ms: b.p99Ms } });
    }

    await stopServer();
    const [factsAfter, ...sizedFacts] = factsOf(dataDir, [options.planId, ...sized]);

    // The ceiling: a bare server answering as many bytes per response, to the same connections.
    const bytesPerResponse = bytes / Math.max(1, responses);
    const bareServer = await startBareServer(bytesPerResponse);
    const bareSeconds = Math.round(Math.min(10, Math.max(3, intervalSeconds / 3)));
    let bare: HttpFigures;
    try {
      bare = figures(await load({ url: bareServer.base, connections, duration: bareSeconds }), connections, bareSeconds);
    } finally {
      await bareServer.stop();
    }
    return {
      connections,
      intervalSeconds,
      intervals,
      lastOverFirst: intervals[intervals.length - 1].requestsPerSecond / intervals[0].requestsPerSecond,
      p99Ms: result.latency.p99,
      factsBefore,
      factsAfter,
      statuses,
      health: { samples: health.length, p50Ms: percentile(sortedHealth, 0.5), maxMs: sortedHealth[sortedHealth.length - 1] ?? NaN, notOk: healthNotOk },
      bare,
      bytesPerResponse,
      readAfterWrite: readAfterWrite.map((r, i) => ({ ...r, facts: sizedFacts[i] })),
    };
  } finally {
    await stopServer();
  }
}
