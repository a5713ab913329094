import { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { progressBar } from '../src/cli/read-commands';
import { DatasetShape, generatePlan } from './dataset';
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
  /** appendMany calls (one per plan and year of its history), and events in each on average: the raw ceiling writes the same. */
  transactions: number;
  eventsPerTransaction: number;
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
export async function loadDataset(app: INestApplicationContext, shape: DatasetShape, now: Date): Promise<DatasetLoad> {
  const store = app.get<EventStore>(EVENT_STORE);
  const bar = progressBar('Loading plans');
  let events = 0;
  let actionStreams = 0;
  let transactions = 0;
  let generateMs = 0;
  let appendMs = 0;
  const planRecorded: { first: string; last: string }[] = [];
  for (let plan = 0; plan < shape.plans; plan++) {
    let started = performance.now();
    const years = generatePlan(plan, shape, now);
    generateMs += performance.now() - started;
    const recordedAt: string[] = [];
    const streams = new Set<string>();
    for (const appends of years) {
      started = performance.now();
      const results = await store.appendMany(appends);
      appendMs += performance.now() - started;
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
  return {
    plans: shape.plans,
    actionStreams,
    events,
    generateSeconds: generateMs / 1000,
    appendSeconds: appendMs / 1000,
    bulkEventsPerSecond: perSecond(events, appendMs),
    transactions,
    eventsPerTransaction: events / transactions,
    planRecorded,
  };
}
