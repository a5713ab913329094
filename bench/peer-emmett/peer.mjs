// The peer in the benchmark: Emmett's SQLite event store doing the same work as
// ours — single appends with an expected version, batched appends, stream reads
// and an ordered read of the whole log — at the same `synchronous` setting.
// Prints one JSON object with its figures. Run by bench/run.ts; not part of the app.
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection, SQLiteConnectionPool } from '@event-driven-io/emmett-sqlite';
import { rmSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const file = args.file;
const synchronous = args.synchronous ?? 'NORMAL';
const singles = Number(args.singles ?? 2000);
const batches = Number(args.batches ?? 200);
const batchSize = Number(args.batchSize ?? 100);
const reads = Number(args.reads ?? 1);
const streams = 100;

rmSync(file, { force: true });
rmSync(`${file}-wal`, { force: true });
rmSync(`${file}-shm`, { force: true });
const connection = sqliteConnection({ fileName: file });
const pool = SQLiteConnectionPool({ fileName: file, connectionOptions: { singleton: true, connection } });
const store = getSQLiteEventStore({ fileName: file, pool, schema: { autoMigration: 'CreateOrUpdate' } });
await store.appendToStream('warm-up', [event(0)]);
await connection.command(`PRAGMA synchronous = ${synchronous}`);

function event(i) {
  return { type: 'RatingChanged', data: { planId: 'peer', reference: `${i % streams}`, code: ['R', 'A', 'G'][i % 3], commentary: 'Update from service: performance data shows steady improvement.' }, metadata: { actor: 'lead.jo', effectiveAt: '2020-01-31T00:00:00.000Z' } };
}
const versions = new Map();
const latencies = [];
let started = performance.now();
for (let i = 0; i < singles; i++) {
  const stream = `action-peer-${i % streams}`;
  const t = performance.now();
  // Emmett numbers a new stream's version 0n; every append after that states the version it expects.
  const result = await store.appendToStream(stream, [event(i)], { expectedStreamVersion: versions.get(stream) ?? 0n });
  latencies.push(performance.now() - t);
  versions.set(stream, result.nextExpectedStreamVersion);
}
const singleSeconds = (performance.now() - started) / 1000;

started = performance.now();
for (let b = 0; b < batches; b++) {
  await store.appendToStream(`batch-peer-${b}`, Array.from({ length: batchSize }, (_, k) => event(b * batchSize + k)));
}
const batchSeconds = (performance.now() - started) / 1000;

// Each read is timed `reads` times and the median kept, as ours is (bench/store-pairs.ts).
const streamReads = [];
const logReads = [];
let streamEvents = 0;
let logEvents = 0;
for (let r = 0; r < reads; r++) {
  started = performance.now();
  streamEvents = 0;
  for (let b = 0; b < batches; b++) streamEvents += (await store.readStream(`batch-peer-${b}`)).events.length;
  streamReads.push(streamEvents / ((performance.now() - started) / 1000));

  started = performance.now();
  logEvents = 0;
  for (let after = 0n; ; ) {
    const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
    logEvents += batch.messages.length;
    if (!batch.areEventsLeft || batch.messages.length === 0) break;
    after = batch.currentGlobalPosition;
  }
  logReads.push(logEvents / ((performance.now() - started) / 1000));
}
// The same median as bench/stats.ts: the middle one, or the upper of the two middle ones.
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
await pool.close();

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(
  JSON.stringify({
    synchronous,
    singleAppendsPerSecond: singles / singleSeconds,
    singleAppendP50Ms: at(0.5),
    singleAppendP99Ms: at(0.99),
    batchedEventsPerSecond: (batches * batchSize) / batchSeconds,
    streamReadEventsPerSecond: median(streamReads),
    orderedReadEventsPerSecond: median(logReads),
    eventsRead: logEvents,
    readRuns: { stream: streamReads.map(Math.round), ordered: logReads.map(Math.round) },
  }) + '\n',
);
