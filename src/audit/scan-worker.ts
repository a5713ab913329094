import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { ChunkScanner } from './chunk-scan';
import { readLog } from './log-reader';

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

/** Page by page, so each page of envelopes dies young. */
const PAGE = 1024;

async function scan(job: ScanJob) {
  const scanner = new ChunkScanner(job.until - job.after);
  for await (const page of readLog(store, { after: job.after, pageSize: PAGE })) {
    const inRange = page[page.length - 1].globalPosition <= job.until ? page : page.filter((e) => e.globalPosition <= job.until);
    scanner.add(inRange);
    if (inRange.length < page.length) break;
  }
  return scanner.finish();
}
