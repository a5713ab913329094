import { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { progressBar } from '../src/cli/read-commands';
import { join } from 'node:path';
import { DatasetShape, generatePlan } from './dataset';
import { RawSqlite } from './raw-sqlite';
import { perSecond } from './stats';

export interface DatasetLoad {
  plans: number;
  actionStreams: number;
  events: number;
  /** Deciding the history through the real deciders (not storage). */
  generateSeconds: number;
  /** appendMany only: hashing, chaining and writing each plan-year's streams in one transaction. */
  appendSeconds: number;
  bulkEventsPerSecond: number;
  /** appendMany calls (one per plan and year of its history), and events in each on average. */
  transactions: number;
  eventsPerTransaction: number;
  /** The ceiling: after each appendMany, raw better-sqlite3 writes as many rows in one transaction to a scratch file (bench/raw-sqlite.ts). */
  rawBulkEventsPerSecond: number;
  /** For each plan, the first and last recordedAt of its events: "as known at" questions are drawn across it. */
  planRecorded: { first: string; last: string }[];
}

/**
 * The bulk-import path: each council's plan is decided in memory by the real
 * deciders, then written with `appendMany`, one transaction per year of its
 * history, so its events are recorded at several instants (a plan entered as it
 * happened, not all at once). Only the append is timed for the bulk figure;
 * deciding is reported beside it.
 */
export async function loadDataset(app: INestApplicationContext, dataDir: string, shape: DatasetShape, now: Date): Promise<DatasetLoad> {
  const store = app.get<EventStore>(EVENT_STORE);
  const bar = progressBar('Loading plans');
  let events = 0;
  let actionStreams = 0;
  let transactions = 0;
  let generateMs = 0;
  let appendMs = 0;
  let rawMs = 0;
  // A fresh scratch file every ten plans, so the ceiling's table stays near the size of a few plans' history.
  let raw: RawSqlite | undefined;
  const planRecorded: { first: string; last: string }[] = [];
  for (let plan = 0; plan < shape.plans; plan++) {
    let started = performance.now();
    const years = generatePlan(plan, shape, now);
    generateMs += performance.now() - started;
    const recordedAt: string[] = [];
    const streams = new Set<string>();
    if (plan % 10 === 0) {
      raw?.close();
      raw = new RawSqlite(join(dataDir, 'ceiling-bulk.sqlite'), 'NORMAL');
    }
    for (const appends of years) {
      started = performance.now();
      const results = await store.appendMany(appends);
      appendMs += performance.now() - started;
      // The same number of rows in one raw transaction, in turn with ours, so both meet the same moment of a shared machine.
      const rows = appends.reduce((sum, a) => sum + a.events.length, 0);
      started = performance.now();
      raw?.append(`bulk-${plan}-${transactions}`, rows, 0);
      rawMs += performance.now() - started;
      transactions += 1;
      for (const result of results) for (const event of result.events) recordedAt.push(event.metadata.recordedAt);
      for (const append of appends) {
        events += append.events.length;
        streams.add(append.streamId);
      }
    }
    recordedAt.sort();
    planRecorded.push({ first: recordedAt[0], last: recordedAt[recordedAt.length - 1] });
    actionStreams += streams.size - 1;
    bar.update(plan + 1, shape.plans);
  }
  bar.stop();
  raw?.close();
  return {
    plans: shape.plans,
    actionStreams,
    events,
    generateSeconds: generateMs / 1000,
    appendSeconds: appendMs / 1000,
    bulkEventsPerSecond: perSecond(events, appendMs),
    transactions,
    eventsPerTransaction: events / transactions,
    rawBulkEventsPerSecond: perSecond(events, rawMs),
    planRecorded,
  };
}
