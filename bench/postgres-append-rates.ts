// npm run bench:postgres-appends: how many appends per second the PostgreSQL log takes from one
// writer, from eight writers in one process, and from eight processes of one writer each — the
// figures that show whether concurrent appends share a commit (group commit) or queue one flush
// each. Prints figures; asserts nothing. Needs PostgreSQL (TEST_DATABASE_URL or the local one).
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
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

/** WAL flushes so far, on the whole server (other sessions' commits count too): appends per flush shows how many shared one. */
async function walFlushes(admin: Client): Promise<number> {
  const { rows } = await admin.query<{ wal_sync: string }>('SELECT wal_sync FROM pg_stat_wal');
  return Number(rows[0].wal_sync);
}

async function measure(admin: Client, name: string, work: () => Promise<number[]>): Promise<void> {
  const flushesBefore = await walFlushes(admin);
  const latencies = await work();
  const flushes = (await walFlushes(admin)) - flushesBefore;
  const l = latencyOf(latencies);
  process.stdout.write(
    `${name.padEnd(30)} ${Math.round(latencies.length / SECONDS).toLocaleString().padStart(6)} appends/s, p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, ` +
      `${(latencies.length / Math.max(1, flushes)).toFixed(1)} appends per WAL flush (server-wide)\n`,
  );
}

async function main(): Promise<void> {
  const schema = `plan_audit_bench_rates_${randomUUID().slice(0, 8)}`;
  const store = new PostgresEventStore({ connectionString: URL, schema });
  const admin = new Client({ connectionString: URL });
  await admin.connect();
  try {
    await store.headPosition();
    process.stdout.write(`PostgreSQL append rates, ${SECONDS} s each, one event per append with the expected version, schema ${schema}\n`);
    process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores\n`);
    await measure(admin, '1 writer', () => writeFor(store, 1, 'one', Date.now() + SECONDS * 1000));
    await measure(admin, '8 writers in one process', () => writeFor(store, 8, 'eight', Date.now() + SECONDS * 1000));
    for (const [processes, writers] of [
      [8, 1],
      [4, 8],
    ]) {
      await measure(admin, `${processes} processes × ${writers} writer${writers > 1 ? 's' : ''}`, async () => {
        const startAt = Date.now() + 3000;
        return (await Promise.all(Array.from({ length: processes }, () => runChild(schema, startAt, writers)))).flat();
      });
    }
    process.stdout.write(`log head after the run: ${await store.headPosition()}\n`);
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

const [mode, ...rest] = process.argv.slice(2);
(mode === 'child' ? child(rest[0], Number(rest[1]), Number(rest[2])) : main()).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
