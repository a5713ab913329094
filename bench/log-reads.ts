import { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../src/audit/audit.service';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { progressBar } from '../src/cli/read-commands';
import { medianOf, perSecond } from './stats';

/** Reading the whole log in global order through the store's port (pages of 5,000, rows parsed into envelopes). */
export async function measureOrderedRead(app: INestApplicationContext, runs: number) {
  const store = app.get<EventStore>(EVENT_STORE);
  return medianOf(runs, async () => {
    const started = performance.now();
    let events = 0;
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: 5000 });
      if (page.length === 0) break;
      events += page.length;
      after = page[page.length - 1].globalPosition;
    }
    return { events, seconds: (performance.now() - started) / 1000, perSecond: perSecond(events, performance.now() - started) };
  });
}

/**
 * What an auditor runs: sign a checkpoint of the log as it stands, then verify
 * everything — re-hash every event, check every stream's chain, rebuild every
 * checkpoint's Merkle root and check its signature.
 */
export async function measureVerify(app: INestApplicationContext, runs: number) {
  const audit = app.get(AuditService);
  await audit.takeCheckpoint();
  return medianOf(runs, async (run) => {
    const bar = progressBar(`Verifying the log (${run + 1}/${runs})`);
    const started = performance.now();
    const report = await audit.verify(bar.update);
    const ms = performance.now() - started;
    bar.stop();
    if (!report.ok) throw new Error(`verify found problems in the benchmark's own log: ${JSON.stringify(report.findings.slice(0, 3))}`);
    return { events: report.eventCount, streams: report.streamCount, checkpoints: report.checkpoints.length, seconds: ms / 1000, perSecond: perSecond(report.eventCount, ms) };
  });
}
