import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { scanChunk } from './chunk-scan';
import { LogEntry, readLog } from './log-reader';

/**
 * A verify worker: scans the events whose global positions fall in (after, until]
 * of a SQLite events file, through its own read-only connection, and posts the
 * chunk scan back. See parallel-source.ts.
 */
export interface ScanJob {
  id: number;
  after: number;
  until: number;
}

const store = new SqliteEventStore({ filename: (workerData as { filename: string }).filename, readonly: true });

parentPort!.on('message', (job: ScanJob) => {
  void scan(job).then(
    (scan) => parentPort!.postMessage({ id: job.id, scan }, [scan.leaves.buffer as ArrayBuffer]),
    (error: unknown) => parentPort!.postMessage({ id: job.id, error: (error as Error)?.stack ?? String(error) }),
  );
});

async function scan(job: ScanJob) {
  const entries: LogEntry[] = [];
  const span = job.until - job.after;
  // Positions are dense in a SQLite log, so one page of `span` rows is the whole range; rows past it are dropped.
  for await (const page of readLog(store, { after: job.after, pageSize: span, upTo: span })) {
    for (const entry of page) if (entry.globalPosition <= job.until) entries.push(entry);
  }
  return scanChunk(entries);
}
