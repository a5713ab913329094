import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { UsersService } from '../src/auth/users.service';
import { benchEnv, openBenchApp } from './bench-app';
import { COMMENTARY, planIdOf } from './dataset';
import { pick, seededRandom } from './random';

export interface HttpFigures {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses other than 2xx (a 409 when two connections rate the same action at once), and socket errors. */
  non2xx: number;
  errors: number;
  /** Bytes received per response, headers included (autocannon's throughput over its requests). */
  bytesPerResponse: number;
}

/** Our server's figures for one load, and the bare Node server's under the same load with responses of the same size. */
export interface HttpPair {
  ours: HttpFigures;
  bare: HttpFigures;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Wait until the server is ready and has preloaded the plans' timelines, and say how
 * long that took: during the preload reads are answered but share the CPU with it, so a
 * load measured then would be the start-up's figure, not the running server's.
 */
export async function waitUntilWarm(base: string, server: ChildProcess): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready`);
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) {
        const health = (await (await fetch(`${base}/api/health`)).json()) as { timelines: { preload: string } };
        if (health.timelines.preload === 'done') return (performance.now() - started) / 1000;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server was not ready, with its timelines preloaded, within five minutes');
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Two unmeasured seconds of the same load first, so the figure is the server's, not its JIT compiler's warm-up. */
export async function load(options: autocannon.Options): Promise<autocannon.Result> {
  await run({ ...options, duration: 2 });
  return run(options);
}

export const figures = (result: autocannon.Result, connections: number, seconds: number): HttpFigures => ({
  connections,
  seconds,
  requestsPerSecond: result.requests.total / seconds,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
});

/** The bare Node `http` server (bench/bare-http-server.ts) on a free port, answering `bytes` per response, with `npm start`'s Node options. */
export async function startBareServer(bytes: number): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startOptions(), join(__dirname, 'bare-http-server.js'), String(port), String(Math.round(bytes))], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare HTTP server exited with code ${code}`)));
    child.stdout?.once('data', () => resolve());
  });
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));
  return { base: `http://127.0.0.1:${port}`, stop };
}

/** Our server under a load, then the bare server under the same load answering as many bytes per response as ours did. */
async function withCeiling(options: (base: string) => autocannon.Options, base: string, connections: number, seconds: number): Promise<HttpPair> {
  const ours = figures(await load(options(base)), connections, seconds);
  const bare = await startBareServer(ours.bytesPerResponse);
  try {
    return { ours, bare: figures(await load(options(bare.base)), connections, seconds) };
  } finally {
    await bare.stop();
  }
}

/**
 * Node's options from `npm start` (package.json), so the server measured runs as the README starts it
 * (its garbage-collector option changes writes' p99: README, Configuration).
 */
export function startOptions(): string[] {
  const root = join(__dirname, '..', '..');
  const start: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const words = start.split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/src/main.js') throw new Error(`npm start is "${start}", not "node [options] dist/src/main.js": say in bench/http-load.ts how to start the server`);
  return words.slice(1, -1);
}

/**
 * The real server (`npm start`: node dist/src/main.js) on the benchmark's data, on loopback,
 * with autocannon as the clients (on the same two cores): action leads rating
 * actions (POST, bearer token, JSON body); inspectors reading Table 1 between two
 * random dates and an action's rating history (GET); and, apart, the whole plan
 * as at a random date. After each load, the same load against a bare Node server
 * answering as many bytes: the ceiling of that load on this machine, in this run.
 */
export async function measureHttp(
  dataDir: string,
  options: { plans: number; references: string[]; seconds: number; connections: number; seed: number },
): Promise<{ startSeconds: number; writes: HttpPair; reads: HttpPair; planReads: HttpPair }> {
  const app = await openBenchApp(dataDir);
  const users = app.get(UsersService);
  await users.createUser('bench.lead', 'lead', 'Benchmark action lead');
  await users.createUser('bench.inspector', 'inspector', 'Benchmark inspector');
  const leadToken = await users.createToken('bench.lead', 'benchmark');
  const inspectorToken = await users.createToken('bench.inspector', 'benchmark');
  await app.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...startOptions(), join(__dirname, '..', 'src', 'main.js')], { env: benchEnv(dataDir, { PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const startSeconds = await waitUntilWarm(base, server);
    const random = seededRandom(options.seed);
    const { connections, seconds } = options;
    // The plan of the first council: its open actions were found by the command phase.
    const planId = planIdOf(0);
    const writes = await withCeiling(
      (url) => ({
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${leadToken}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({
              ...request,
              path: `/api/plans/${planId}/actions/${encodeURIComponent(pick(random, options.references))}/ratings`,
              body: JSON.stringify({ code: pick(random, ['R', 'A', 'G']), commentary: pick(random, COMMENTARY) }),
            }),
          },
        ],
      }),
      base,
      connections,
      seconds,
    );
    const randomDay = () => new Date(Date.UTC(2020, 0, 2) + random() * 5 * 365 * 86_400_000).toISOString().slice(0, 10);
    const asInspector = { authorization: `Bearer ${inspectorToken}` };
    // What the board and inspectors read most: Table 1 between two dates, and one action's rating history.
    let turn = 0;
    const reads = await withCeiling(
      (url) => ({
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            headers: asInspector,
            setupRequest: (request) => {
              const planId = planIdOf(Math.floor(random() * options.plans));
              const [from, to] = [randomDay(), randomDay()].sort();
              turn += 1;
              const path =
                turn % 2 === 0
                  ? `/api/plans/${planId}/reports/rag-summary?from=${from}&to=${to}`
                  : `/api/plans/${planId}/actions/${encodeURIComponent(pick(random, options.references))}/history?asOf=${to}`;
              return { ...request, path };
            },
          },
        ],
      }),
      base,
      connections,
      seconds,
    );
    // The heaviest read: the whole 100-action plan as at a date, every action with its evidence and milestones.
    const planReads = await withCeiling(
      (url) => ({
        url,
        connections,
        duration: seconds,
        requests: [{ method: 'GET', headers: asInspector, setupRequest: (request) => ({ ...request, path: `/api/plans/${planIdOf(Math.floor(random() * options.plans))}?asOf=${randomDay()}` }) }],
      }),
      base,
      connections,
      seconds,
    );
    return { startSeconds, writes, reads, planReads };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
  }
}
