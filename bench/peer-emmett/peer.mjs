// The peer in the benchmark: Emmett's SQLite event store doing the same work as
// ours — single appends with an expected version, batched appends, stream reads
// and an ordered read of the whole log (peer-workload.mjs) — at the same `synchronous` setting.
// Prints one JSON object with its figures. Run by bench/run.ts; not part of the app.
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection, SQLiteConnectionPool } from '@event-driven-io/emmett-sqlite';
import { rmSync } from 'node:fs';
import { event, runWorkload, workloadArguments } from './peer-workload.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const file = args.file;
const synchronous = args.synchronous ?? 'NORMAL';

rmSync(file, { force: true });
rmSync(`${file}-wal`, { force: true });
rmSync(`${file}-shm`, { force: true });
const connection = sqliteConnection({ fileName: file });
const pool = SQLiteConnectionPool({ fileName: file, connectionOptions: { singleton: true, connection } });
const store = getSQLiteEventStore({ fileName: file, pool, schema: { autoMigration: 'CreateOrUpdate' } });
await store.appendToStream('warm-up', [event(0)]);
await connection.command(`PRAGMA synchronous = ${synchronous}`);

const figures = await runWorkload(
  store,
  async (after) => {
    const batch = await readMessagesBatch(connection, { after, batchSize: 1000 });
    return { count: batch.messages.length, more: batch.areEventsLeft, next: batch.currentGlobalPosition };
  },
  workloadArguments(args),
);
await pool.close();
process.stdout.write(JSON.stringify({ synchronous, ...figures }) + '\n');
