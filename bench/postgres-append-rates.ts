// npm run bench:postgres-appends: how many appends per second the PostgreSQL log takes from one
// writer, from eight writers in one process, and from eight processes of one writer each — the
// figures that show whether concurrent appends share a commit (group commit) or queue one flush
// each. Prints figures; asserts nothing. Needs PostgreSQL (TEST_DATABASE_URL or the local one).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { NewEvent } from '../src/event-store/envelope';
import { NO_STREAM } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { latencyOf } from './stats';

const URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.APPEND_SECONDS ?? 5);

function event(i: number): NewEvent {
  return {
    type: 'RatingChanged',
    schemaVersion: 1,
    data: { planId: 'rates', reference: `${i % 100}`, code: ['R', 'A', 'G'][i % 3] },
    metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2020-01-31T00:00:00.000Z', correlationId: `c${i}`, causationId: `c${i}`, source: 'cli' },
  };
}

/** `writers` loops in this process, each appending one event at a time to a stream of its own with the expected version, until `until`. */
async function writeFor(store: PostgresEventStore, writers: number, label: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `${label}-${w}-${randomUUID().slice(0, 8)}`;
      let version: number = NO_STREAM;
      for (let i = 0; Date.now() < until; i++) {
        const t = performance.now();
        version = (await store.append(stream, version, [event(i)])).nextExpectedVersion;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies;
}

async function child(schema: string, startAt: number, writers: number): Promise<void> {
  const store = new PostgresEventStore({ connectionString: URL, schema });
  await store.headPosition();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const latencies = await writeFor(store, writers, `proc-${process.pid}`, startAt + SECONDS * 1000);
  await store.close();
  process.stdout.write(`${JSON.stringify(latencies)}\n`);
}

function runChild(schema: string, startAt: number, writers: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [__filename, 'child', schema, String(startAt), String(writers)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as number[]) : reject(new Error(`a writer process failed (exit ${code})`))));
  });
}

function report(name: string, latencies: number[]): void {
  const l = latencyOf(latencies);
  process.stdout.write(`${name.padEnd(44)} ${Math.round(latencies.length / SECONDS).toLocaleString().padStart(6)} appends/s, p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms\n`);
}

async function main(): Promise<void> {
  const schema = `plan_audit_bench_rates_${randomUUID().slice(0, 8)}`;
  const store = new PostgresEventStore({ connectionString: URL, schema });
  try {
    await store.headPosition();
    process.stdout.write(`PostgreSQL append rates, ${SECONDS} s each, one event per append with the expected version, schema ${schema}\n`);
    report('1 writer', await writeFor(store, 1, 'one', Date.now() + SECONDS * 1000));
    report('8 writers in one process (one store)', await writeFor(store, 8, 'eight', Date.now() + SECONDS * 1000));
    for (const [processes, writers] of [
      [8, 1],
      [4, 8],
    ]) {
      const startAt = Date.now() + 3000;
      const all = await Promise.all(Array.from({ length: processes }, () => runChild(schema, startAt, writers)));
      report(`${processes} processes × ${writers} writer${writers > 1 ? 's' : ''}`, all.flat());
    }
    process.stdout.write(`log head after the run: ${await store.headPosition()}\n`);
  } finally {
    await store.close();
    const admin = new Client({ connectionString: URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

const [mode, ...rest] = process.argv.slice(2);
(mode === 'child' ? child(rest[0], Number(rest[1]), Number(rest[2])) : main()).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
