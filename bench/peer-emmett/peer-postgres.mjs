// The PostgreSQL peer in the benchmark: Emmett's PostgreSQL event store doing the same work as
// ours (bench/store-pairs.ts, runOurPostgresStore) — single appends with an expected version,
// batched appends, stream reads and an ordered read of the whole log — in a database of its own
// (Emmett's tables are unqualified, emt_*, in the connection's search_path: a fresh database
// keeps them apart from everything else). Prints one JSON object with its figures, the same shape
// as peer.mjs. Run by bench/store-pairs.ts; not part of the app.
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split(/=(.*)/s).slice(0, 2)));
const url = args.url;
const singles = Number(args.singles ?? 2000);
const batches = Number(args.batches ?? 200);
const batchSize = Number(args.batchSize ?? 100);
const reads = Number(args.reads ?? 1);
const streams = 100;

const pool = dumbo({ connectionString: url });
const store = getPostgreSQLEventStore(url, { schema: { autoMigration: 'CreateOrUpdate' }, connectionOptions: { dumbo: pool } });
// The first append creates the schema: a warm-up, as ours has.
await store.appendToStream('warm-up', [event(0)]);

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
    const batch = await readMessagesBatch(pool.execute, { after, batchSize: 1000 });
    logEvents += batch.messages.length;
    if (!batch.areMessagesLeft || batch.messages.length === 0) break;
    after = batch.currentGlobalPosition;
  }
  logReads.push(logEvents / ((performance.now() - started) / 1000));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
await store.close();
await pool.close().catch(() => undefined);

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(
  JSON.stringify({
    synchronous: 'postgres',
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
