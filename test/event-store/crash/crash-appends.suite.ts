import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventEnvelope } from '../../../src/event-store/envelope';
import { verifyStreamChain } from '../../../src/event-store/hashing';
import { CrashStore, openCrashStore, readWholeLog } from './crash-store';

const APPENDER = join(__dirname, '../../../dist/test/event-store/crash/crash-appender.js');

interface Ack {
  batchId: string;
  streamId: string;
  size: number;
}

/**
 * Run the appender until SIGKILL, collecting every acknowledgement it managed to print.
 * The kill is sent once `killAfterAcks` acknowledgements have been read, while the
 * child goes on appending: counted, not timed, so a slow machine does not change the test.
 */
function runAndKill(target: CrashStore, killAfterAcks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APPENDER, JSON.stringify(target), '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!child.killed && out.split('\nACK ').length - 1 >= killAfterAcks) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`appender exited by itself (code ${code}): ${err}`));
      const acks = out
        .split('\n')
        .filter((line) => line.startsWith('ACK '))
        .map((line) => {
          const [, batchId, streamId, size] = line.split(' ');
          return { batchId, streamId, size: Number(size) };
        });
      resolve(acks);
    });
  });
}

function groupInto<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

/**
 * SIGKILL an appending process again and again, on one store: every acknowledged batch is in the
 * log, whole, none is partial, and every stream's chain verifies. Run once per store.
 */
export function runCrashAppendsSuite(leg: { name: string; target: CrashStore; cycles: number; cleanUp: () => Promise<void> | void }): void {
  const { cycles, target } = leg;
  describe(`crash safety: SIGKILL while appending (${leg.name})`, () => {
    afterAll(() => leg.cleanUp());

    it(`keeps every acknowledged append, never a partial batch, and every chain intact over ${cycles} kills`, async () => {
      if (!existsSync(APPENDER)) throw new Error(`${APPENDER} is missing: run "npm run build" first (npm test does this for you)`);
      const acknowledged: Ack[] = [];
      for (let cycle = 0; cycle < cycles; cycle++) {
        // 1 to 60 acknowledgements, varied from cycle to cycle but the same on every run.
        acknowledged.push(...(await runAndKill(target, 1 + ((cycle * 37) % 60))));
      }

      const store = openCrashStore(target);
      const all = await readWholeLog(store).finally(() => store.close());
      const streams = new Map<string, EventEnvelope[]>();
      for (const event of all) groupInto(streams, event.streamId, event);
      const batches = new Map<string, EventEnvelope[]>();
      for (const event of all) groupInto(batches, (event.data as { batchId: string }).batchId, event);

      // Every acknowledged batch is there, in full, in the stream it was acknowledged for.
      const lost = acknowledged.filter((ack) => batches.get(ack.batchId)?.length !== ack.size || batches.get(ack.batchId)![0].streamId !== ack.streamId);
      expect(lost).toEqual([]);
      // No batch is partial, and each batch's events are consecutive in its stream.
      const partial = [...batches.entries()].filter(([, events]) => {
        const { size } = events[0].data as { size: number };
        const versions = events.map((e) => e.streamVersion);
        return events.length !== size || versions.some((v, i) => v !== versions[0] + i) || events.some((e, i) => (e.data as { index: number }).index !== i);
      });
      expect(partial).toEqual([]);
      // The log's positions run 1, 2, 3… with no hole: a kill leaves no gap a reader could skip.
      expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => i + 1));
      // Every stream's hash chain verifies.
      const problems = [...streams.values()].flatMap((events) => verifyStreamChain(events));
      expect(problems).toEqual([]);

      expect(acknowledged.length).toBeGreaterThan(cycles);
      process.stdout.write(
        `crash test (${leg.name}): ${cycles} SIGKILLs, ${acknowledged.length} acknowledged batches all present, ${batches.size} batches / ${all.length} events in the log, ${batches.size - acknowledged.length} committed but unacknowledged, 0 partial, 0 chain problems\n`,
      );
    }, 300_000);
  });
}
