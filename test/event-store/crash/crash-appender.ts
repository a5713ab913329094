/**
 * Child process for the crash test: appends batches of 1-4 events to a few
 * streams as fast as it can and prints "ACK <batchId> <streamId> <size>" only
 * after each append has returned. The parent kills it with SIGKILL at random.
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { NewEvent } from '../../../src/event-store/envelope';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

async function appendForever(filename: string, streamCount: number): Promise<void> {
  const store = new SqliteEventStore({ filename });
  const versions = new Map<string, number>();
  for (let i = 0; i < streamCount; i++) {
    const streamId = `crash-${i}`;
    const events = await store.readStream(streamId);
    versions.set(streamId, events.length - 1);
  }
  writeSync(1, 'READY\n');
  for (;;) {
    const streamId = `crash-${Math.floor(Math.random() * streamCount)}`;
    const size = 1 + Math.floor(Math.random() * 4);
    const batchId = randomUUID();
    const events: NewEvent[] = Array.from({ length: size }, (_, index) => ({
      type: 'CrashTestEvent',
      schemaVersion: 1,
      data: { batchId, index, size },
      metadata: { actor: { id: 'crash-test', role: 'admin' }, effectiveAt: new Date().toISOString(), correlationId: batchId, causationId: batchId, source: 'cli' },
    }));
    const result = await store.append(streamId, versions.get(streamId)!, events);
    versions.set(streamId, result.nextExpectedVersion);
    // Synchronous write: the acknowledgement is out before the next append starts.
    writeSync(1, `ACK ${batchId} ${streamId} ${size}\n`);
  }
}

appendForever(process.argv[2], Number(process.argv[3] ?? 5)).catch((error) => {
  writeSync(2, `crash-appender failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
