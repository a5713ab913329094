/**
 * What proving the caller costs per request, with users, tokens and sessions in auth.sqlite and in
 * PostgreSQL (DATABASE_URL, shared by every server: no cache, so every request reads its token row
 * joined to its user). Starts the real server (dist/src/main.js) on a fresh data folder for each
 * store, makes an administrator with the CLI, and sends GET /api/session with a bearer token and
 * with a session cookie, one at a time, printing median and p99 for each.
 *
 *   node dist/bench/auth-per-request.js     (REQUESTS=1000; BENCH_DATABASE_URL, default the tests' PostgreSQL)
 *
 * The PostgreSQL leg runs in a schema of its own, dropped afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { latencyOf } from './stats';
import { addressOf, stop } from './server-child';

const ROOT = join(__dirname, '..');
const ADMIN = { id: 'bench.admin', password: 'the bench administrator passphrase' };
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function main(): Promise<void> {
  const lines = [`Proving the caller: GET /api/session, ${REQUESTS} requests one at a time, on the real server`];
  lines.push(...(await measure('auth.sqlite', {})));
  const schema = `plan_audit_bench_auth_${randomUUID().slice(0, 8)}`;
  try {
    lines.push(...(await measure('PostgreSQL', { DATABASE_URL, DATABASE_SCHEMA: schema })));
  } finally {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function measure(store: string, extra: Record<string, string>): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plan-audit-bench-auth-'));
  const env = { ...process.env, DATA_DIR: dataDir, EVENTS_FILE: '', READ_MODELS_FILE: '', AUTH_FILE: '', EVIDENCE_DIR: '', EVENTSTORE_CONNECTION_STRING: '', LOAD_EXAMPLE: 'false', PORT: '0', ...extra };
  const cli = (args: string[], more: Record<string, string>) => spawnSync(process.execPath, [join(ROOT, 'src/cli/main.js'), ...args], { env: { ...env, ...more }, encoding: 'utf8' });
  const made = cli(['add-user', '--id', ADMIN.id, '--role', 'admin'], { PLAN_AUDIT_NEW_PASSWORD: ADMIN.password });
  if (made.status !== 0) throw new Error(made.stderr);
  const token = cli(['create-token', '--user', ADMIN.id], { PLAN_AUDIT_USER: ADMIN.id, PLAN_AUDIT_PASSWORD: ADMIN.password });
  if (token.status !== 0) throw new Error(token.stderr);
  const server = spawn(process.execPath, [join(ROOT, 'src/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const baseUrl = await addressOf(server);
    const signedIn = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: ADMIN.id, password: ADMIN.password }) });
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('plan_audit_session='))!.split(';')[0];
    const ask = async (headers: Record<string, string>) => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/session`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
      return performance.now() - started;
    };
    const byToken: number[] = [];
    const bySession: number[] = [];
    for (let i = 0; i < 50; i++) await ask({ Authorization: `Bearer ${token.stdout.trim()}` });
    // Alternating, so a slow patch of the machine falls on both alike.
    for (let i = 0; i < REQUESTS; i++) {
      byToken.push(await ask({ Authorization: `Bearer ${token.stdout.trim()}` }));
      bySession.push(await ask({ Cookie: cookie }));
    }
    const line = (what: string, samples: number[]) => {
      const latency = latencyOf(samples);
      return `  ${store.padEnd(12)} ${what.padEnd(16)} median ${latency.p50Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms`;
    };
    return [line('bearer token', byToken), line('session cookie', bySession)];
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-signer`, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
