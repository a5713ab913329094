/**
 * Child process for the crash test: appends batches of 1-4 events to a few
 * streams as fast as it can and prints "ACK <batchId> <streamId> <size>" only
 * after each append has returned. The parent kills it with SIGKILL at random.
 * Its first argument is the store (crash-store.ts), as JSON.
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { NewEvent } from '../../../src/event-store/envelope';
import { ConcurrencyError } from '../../../src/event-store/event-store.port';
import { CrashStore, openCrashStore } from './crash-store';

async function appendForever(target: CrashStore, streamCount: number): Promise<void> {
  const store = openCrashStore(target);
  const versions = new Map<string, number>();
  const readVersion = async (streamId: string) => versions.set(streamId, (await store.readStream(streamId)).length - 1);
  for (let i = 0; i < streamCount; i++) await readVersion(`crash-${i}`);
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
    try {
      const result = await store.append(streamId, versions.get(streamId)!, events);
      versions.set(streamId, result.nextExpectedVersion);
    } catch (error) {
      // On PostgreSQL the killed appender's last statement runs on in the server and may commit after
      // this process read the stream's version: read it again. That batch is simply not acknowledged.
      if (!(error instanceof ConcurrencyError)) throw error;
      await readVersion(streamId);
      continue;
    }
    // Synchronous write: the acknowledgement is out before the next append starts.
    writeSync(1, `ACK ${batchId} ${streamId} ${size}\n`);
  }
}

appendForever(JSON.parse(process.argv[2]) as CrashStore, Number(process.argv[3] ?? 5)).catch((error) => {
  writeSync(2, `crash-appender failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
