import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { NewEvent } from '../src/event-store/envelope';
import { EventStore, NO_STREAM } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { Synchronous } from './bench-app';
import { figuresFromChild } from './child-figures';
import { latencyOf, median, perSecond } from './stats';

/** The four things both stores do, on the same workload, so each figure has a pair. */
export interface StoreFigures {
  synchronous: Synchronous;
  singleAppendsPerSecond: number;
  singleAppendP50Ms: number;
  singleAppendP99Ms: number;
  batchedEventsPerSecond: number;
  streamReadEventsPerSecond: number;
  orderedReadEventsPerSecond: number;
  eventsRead: number;
  /** Each timing of the stream reads and of the ordered read, in events/s; the figures above are their medians. */
  readRuns: { stream: number[]; ordered: number[] };
}

/** What one round of the pair workload timed, on any of the three stores. */
export interface PairTimings {
  singleMs: number;
  batchMs: number;
  latencies: number[];
  streamReads: number[];
  logReads: number[];
  logEvents: number;
}

/** One round's figures, the same way for ours and for raw better-sqlite3, so the two compare like for like. */
export function storeFigures(synchronous: Synchronous, work: PairWorkload, t: PairTimings): StoreFigures {
  const latency = latencyOf(t.latencies);
  return {
    synchronous,
    singleAppendsPerSecond: perSecond(work.singles, t.singleMs),
    singleAppendP50Ms: latency.p50Ms,
    singleAppendP99Ms: latency.p99Ms,
    batchedEventsPerSecond: perSecond(work.batches * work.batchSize, t.batchMs),
    streamReadEventsPerSecond: median(t.streamReads),
    orderedReadEventsPerSecond: median(t.logReads),
    readRuns: { stream: t.streamReads.map(Math.round), ordered: t.logReads.map(Math.round) },
    eventsRead: t.logEvents,
  };
}

export interface PairWorkload {
  singles: number;
  batches: number;
  batchSize: number;
  /** How many times each read is timed within one round (the median over the rounds is the figure). */
  reads: number;
}

const STREAMS = 100;
const PEER_DIR = join(__dirname, '..', '..', 'bench', 'peer-emmett');

/** The same event as the peer writes (bench/peer-emmett/peer.mjs), in our envelope. */
function event(i: number): NewEvent {
  return {
    type: 'RatingChanged',
    schemaVersion: 1,
    data: { planId: 'peer', reference: `${i % STREAMS}`, code: ['R', 'A', 'G'][i % 3], commentary: 'Update from service: performance data shows steady improvement.' },
    metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2020-01-31T00:00:00.000Z', correlationId: `c${i}`, causationId: `c${i}`, source: 'cli' },
  };
}

/**
 * Our SQLite store doing exactly the peer's workload: single appends with the
 * expected version over 100 streams, batches of events to new streams, reading
 * those streams back, and reading the whole log in order. Ours also hashes and
 * chains every event; the peer does not.
 */
export async function runOurStore(file: string, synchronous: Synchronous, work: PairWorkload): Promise<StoreFigures> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const store = new SqliteEventStore({ filename: file, synchronous });
  try {
    return storeFigures(synchronous, work, await runPairWorkload(store, work));
  } finally {
    await store.close();
  }
}

/** Our PostgreSQL store doing the same work, in the database `url` names (a fresh one: see runPostgresPairRounds). */
export async function runOurPostgresStore(url: string, work: PairWorkload): Promise<StoreFigures> {
  const store = new PostgresEventStore({ connectionString: url });
  try {
    return { ...storeFigures('NORMAL', work, await runPairWorkload(store, work)), synchronous: 'postgres' as Synchronous };
  } finally {
    await store.close();
  }
}

/** The pair workload on any of our stores, one append at a time as the peer does it. */
async function runPairWorkload(store: EventStore, work: PairWorkload): Promise<PairTimings> {
  await store.append('warm-up', NO_STREAM, [event(0)]);
  const versions = new Map<string, number>();
  const latencies: number[] = [];
  let started = performance.now();
  for (let i = 0; i < work.singles; i++) {
    const stream = `action-peer-${i % STREAMS}`;
    const t = performance.now();
    const result = await store.append(stream, versions.get(stream) ?? NO_STREAM, [event(i)]);
    latencies.push(performance.now() - t);
    versions.set(stream, result.nextExpectedVersion);
  }
  const singleMs = performance.now() - started;

  started = performance.now();
  for (let b = 0; b < work.batches; b++) {
    await store.append(`batch-peer-${b}`, NO_STREAM, Array.from({ length: work.batchSize }, (_, k) => event(b * work.batchSize + k)));
  }
  const batchMs = performance.now() - started;

  // The reads are short (a fraction of a second each), so each is timed `reads` times and the median kept, as the peer does.
  const streamReads: number[] = [];
  const logReads: number[] = [];
  let streamEvents = 0;
  let logEvents = 0;
  for (let r = 0; r < work.reads; r++) {
    started = performance.now();
    streamEvents = 0;
    for (let b = 0; b < work.batches; b++) streamEvents += (await store.readStream(`batch-peer-${b}`)).length;
    streamReads.push(perSecond(streamEvents, performance.now() - started));

    started = performance.now();
    logEvents = 0;
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      logEvents += page.length;
      after = page[page.length - 1].globalPosition;
    }
    logReads.push(perSecond(logEvents, performance.now() - started));
  }
  return { singleMs, batchMs, latencies, streamReads, logReads, logEvents };
}

/** The pairs' figures over alternating rounds: each figure the median of its rounds. */
export interface PairRounds {
  rounds: number;
  ours: StoreFigures;
  peer?: StoreFigures;
  /** Raw better-sqlite3 on our table, the same workload: the ceiling (bench/raw-sqlite.ts). */
  raw: StoreFigures;
  /** Single appends per second in each round, in the order run, so the spread is on record. */
  singleAppendRuns: { ours: number[]; peer: number[]; raw: number[] };
}

/** Each numeric figure the median over the rounds; the first round's other fields. */
function medianFigures(rounds: StoreFigures[]): StoreFigures {
  const first = rounds[0];
  const result = { ...first } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(first)) if (typeof value === 'number') result[key] = median(rounds.map((r) => (r as unknown as Record<string, number>)[key]));
  result.readRuns = { stream: rounds.map((r) => Math.round(r.streamReadEventsPerSecond)), ordered: rounds.map((r) => Math.round(r.orderedReadEventsPerSecond)) };
  return result as unknown as StoreFigures;
}

/**
 * Ours, the peer and the raw ceiling, each in a process of its own on a fresh file, taken in turn
 * round after round (ours, peer, raw, ours, peer, raw …) so a slow spell on a shared machine falls on
 * all of them alike, and each figure kept as the median of its rounds.
 */
export function runPairRounds(
  dir: string,
  work: PairWorkload,
  rounds: number,
  options: { withPeer: boolean },
): PairRounds {
  const file = (name: string) => join(dir, `pairs-${name}.sqlite`);
  const ours: StoreFigures[] = [];
  const peer: StoreFigures[] = [];
  const raw: StoreFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(figuresFromChild<StoreFigures>('pair-child.js', ['ours', file('ours'), 'NORMAL', JSON.stringify(work)], 'our store (pairs)'));
    if (options.withPeer) peer.push(runPeer(file('peer'), 'NORMAL', work));
    raw.push(figuresFromChild('pair-child.js', ['raw', file('raw'), 'NORMAL', JSON.stringify(work)], 'raw better-sqlite3 (pairs)'));
  }
  return {
    rounds,
    ours: medianFigures(ours),
    ...(peer.length > 0 ? { peer: medianFigures(peer) } : {}),
    raw: medianFigures(raw),
    singleAppendRuns: { ours: ours.map((r) => Math.round(r.singleAppendsPerSecond)), peer: peer.map((r) => Math.round(r.singleAppendsPerSecond)), raw: raw.map((r) => Math.round(r.singleAppendsPerSecond)) },
  };
}

export function peerInstalled(): boolean {
  return existsSync(join(PEER_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite')) && existsSync(join(PEER_DIR, 'node_modules', 'sqlite3')) && peerPostgresInstalled();
}

/** Installs the peer apart from the project (its own package.json, --legacy-peer-deps). */
export function installPeer(): void {
  execFileSync('bash', [join(PEER_DIR, 'install.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Emmett's SQLite event store, in its own process, on the same workload and `synchronous` setting. */
export function runPeer(file: string, synchronous: Synchronous, work: PairWorkload): StoreFigures {
  return runPeerScript('peer.mjs', [`--file=${file}`, `--synchronous=${synchronous}`], work);
}

/** One of the peer's scripts in bench/peer-emmett, on the workload, and the one JSON line it prints last. */
function runPeerScript(script: string, args: string[], work: PairWorkload): StoreFigures {
  const run = spawnSync(
    process.execPath,
    [join(PEER_DIR, script), ...args, `--singles=${work.singles}`, `--batches=${work.batches}`, `--batchSize=${work.batchSize}`, `--reads=${work.reads}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`the peer (Emmett) failed with exit code ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as StoreFigures;
}

/** Where the PostgreSQL pairs run: the server the PostgreSQL tests use. */
export const PAIRS_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Why the PostgreSQL pairs cannot run here, or undefined when the server answers. */
export async function postgresUnreachable(url = PAIRS_DATABASE_URL): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//…@')} is not reachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function peerPostgresInstalled(): boolean {
  return existsSync(join(PEER_DIR, 'node_modules', '@event-driven-io', 'emmett-postgresql')) && existsSync(join(PEER_DIR, 'node_modules', 'pg'));
}

/** Ours and the peer on PostgreSQL: the medians of their rounds, and each round's single appends. */
export interface PostgresPairRounds {
  rounds: number;
  ours: StoreFigures;
  peer: StoreFigures;
  singleAppendRuns: { ours: number[]; peer: number[] };
}

/**
 * Our PostgreSQL store and Emmett's, each in a process of its own on a database of its own, made
 * for the round and dropped after it (Emmett's tables are unqualified, so a database of its own is
 * the one way to keep it apart; ours gets the same, so neither starts on a warmer catalogue), taken
 * in turn round after round, each figure the median of its rounds.
 */
export async function runPostgresPairRounds(work: PairWorkload, rounds: number): Promise<PostgresPairRounds> {
  const admin = new Client({ connectionString: PAIRS_DATABASE_URL });
  await admin.connect();
  const inDatabaseOfItsOwn = async <T>(label: string, run: (url: string) => T): Promise<T> => {
    const name = `plan_audit_bench_${label}_${randomUUID().slice(0, 8)}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(PAIRS_DATABASE_URL);
      url.pathname = `/${name}`;
      return run(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  };
  const ours: StoreFigures[] = [];
  const peer: StoreFigures[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      ours.push(await inDatabaseOfItsOwn('ours', (url) => figuresFromChild<StoreFigures>('pair-child.js', ['postgres', url, 'postgres', JSON.stringify(work)], 'our PostgreSQL store (pairs)')));
      peer.push(await inDatabaseOfItsOwn('peer', (url) => runPeerScript('peer-postgres.mjs', [`--url=${url}`], work)));
    }
  } finally {
    await admin.end();
  }
  return {
    rounds,
    ours: medianFigures(ours),
    peer: medianFigures(peer),
    singleAppendRuns: { ours: ours.map((r) => Math.round(r.singleAppendsPerSecond)), peer: peer.map((r) => Math.round(r.singleAppendsPerSecond)) },
  };
}
