// Runs one side of the store pairs (ours, raw better-sqlite3 as the ceiling, or ours on PostgreSQL) in a process of its
// own, as the peer runs in its own, and prints one JSON line. Started by bench/store-pairs.ts.
import 'reflect-metadata';
import { Synchronous } from './bench-app';
import { runRawSqlite } from './raw-sqlite';
import { PairWorkload, runOurPostgresStore, runOurStore } from './store-pairs';

async function main([side, file, synchronous, workload]: string[]): Promise<unknown> {
  const work = JSON.parse(workload) as PairWorkload;
  if (side === 'ours') return runOurStore(file, synchronous as Synchronous, work);
  if (side === 'raw') return runRawSqlite(file, synchronous as Synchronous, work);
  // For PostgreSQL the second argument is the database's URL.
  if (side === 'postgres') return runOurPostgresStore(file, work);
  throw new Error(`unknown side ${side}: ours, raw or postgres`);
}

main(process.argv.slice(2)).then(
  (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
