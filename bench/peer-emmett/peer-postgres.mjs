// The PostgreSQL peer in the benchmark: Emmett's PostgreSQL event store doing the same work as
// ours (bench/store-pairs.ts, runOurPostgresStore; peer-workload.mjs) — single appends with an expected version,
// batched appends, stream reads and an ordered read of the whole log — in a database of its own
// (Emmett's tables are unqualified, emt_*, in the connection's search_path: a fresh database
// keeps them apart from everything else). Prints one JSON object with its figures, the same shape
// as peer.mjs. Run by bench/store-pairs.ts; not part of the app.
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { event, runWorkload, workloadArguments } from './peer-workload.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split(/=(.*)/s).slice(0, 2)));
const url = args.url;

const pool = dumbo({ connectionString: url });
const store = getPostgreSQLEventStore(url, { schema: { autoMigration: 'CreateOrUpdate' }, connectionOptions: { dumbo: pool } });
// The first append creates the schema: a warm-up, as ours has.
await store.appendToStream('warm-up', [event(0)]);

const figures = await runWorkload(
  store,
  async (after) => {
    const batch = await readMessagesBatch(pool.execute, { after, batchSize: 1000 });
    return { count: batch.messages.length, more: batch.areMessagesLeft, next: batch.currentGlobalPosition };
  },
  workloadArguments(args),
);
await store.close();
await pool.close().catch(() => undefined);
process.stdout.write(JSON.stringify({ synchronous: 'postgres', ...figures }) + '\n');
