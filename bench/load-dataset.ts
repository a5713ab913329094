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
  /** appendMany only: hashing, chaining and writing each plan's streams in one transaction. */
  appendSeconds: number;
  bulkEventsPerSecond: number;
  /** When each plan was on record in full: as-of questions about a plan ask "as known" after this. */
  planRecordedAt: string[];
}

/**
 * The bulk-import path: each council's plan is decided in memory by the real
 * deciders, then written with `appendMany` in one transaction per plan, the way
 * the import command writes a plan file. Only the append is timed for the
 * bulk figure; deciding is reported beside it.
 */
export async function loadDataset(app: INestApplicationContext, shape: DatasetShape, now: Date): Promise<DatasetLoad> {
  const store = app.get<EventStore>(EVENT_STORE);
  const bar = progressBar('Loading plans');
  let events = 0;
  let actionStreams = 0;
  let generateMs = 0;
  let appendMs = 0;
  const planRecordedAt: string[] = [];
  for (let plan = 0; plan < shape.plans; plan++) {
    let started = performance.now();
    const appends = generatePlan(plan, shape, now);
    generateMs += performance.now() - started;
    started = performance.now();
    await store.appendMany(appends);
    appendMs += performance.now() - started;
    planRecordedAt.push(new Date().toISOString());
    events += appends.reduce((sum, a) => sum + a.events.length, 0);
    actionStreams += appends.length - 1;
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
    planRecordedAt,
  };
}
