import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { CheckpointSigningKey } from '../../src/audit/signing-key';
import { SqliteCheckpointStore } from '../../src/audit/sqlite-checkpoint-store';
import { storeSource } from '../../src/audit/verify-sources';
import { NewEvent } from '../../src/event-store/envelope';
import { ANY_VERSION, StreamAppend } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { rowAt, tamper } from './support/tamper';

const EVENTS = 60_000;

/**
 * Verify on a log big enough for the CLI to spread it over worker threads: it
 * must find the same things as the one-thread path, and run at the speed of
 * hashing. The rate printed here is on this suite's small log; see the README
 * for the figure over a million events.
 */
describe('verify over worker threads, from the CLI', () => {
  const database = tempDatabase('verify-speed');

  beforeAll(async () => {
    const store = new SqliteEventStore({ filename: database.file });
    const correlationId = randomUUID();
    const rating = (i: number): NewEvent => ({
      type: 'RatingChanged',
      schemaVersion: 1,
      data: { planId: 'speed', reference: `${i % 500}`, code: ['R', 'A', 'LG', 'DG'][i % 4], commentary: `Update from service number ${i}` },
      metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2017-03-31T00:00:00.000Z', correlationId, causationId: correlationId, source: 'import' },
    });
    for (let done = 0; done < EVENTS; ) {
      const appends: StreamAppend[] = [];
      for (let s = 0; s < 50 && done < EVENTS; s++) {
        const events = Array.from({ length: Math.min(20, EVENTS - done) }, (_, k) => rating(done + k));
        appends.push({ streamId: `action-speed/${(done / 20) % 700}`, expectedVersion: ANY_VERSION, events });
        done += events.length;
      }
      await store.appendMany(appends);
    }
    const audit = new AuditService(store, new SqliteCheckpointStore(store.connection), CheckpointSigningKey.loadOrCreate(database.signerDir), storeSource);
    await audit.takeCheckpoint();
    await store.close();
  });
  afterAll(() => database.remove());

  it(`verifies ${EVENTS} events over worker threads and prints the rate`, () => {
    const result = runCli(database.dir, ['verify']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Verified ${EVENTS} events in 700 streams: every hash and chain link is intact.`);
    const rate = Number(/\((\d+) events\/s\)/.exec(result.stderr)?.[1]);
    process.stdout.write(`verify speed: ${EVENTS} events at ${rate} events/s (CLI, worker threads)\n`);
    // The rate is printed, not asserted: speed is measured by `npm run bench`, where nothing else competes for the cores.
    expect(rate).toBeGreaterThan(0);
  });

  it('names an altered event deep in the log, found by a worker thread', () => {
    const eventId = tamper(database.file, (db) => {
      db.prepare("UPDATE events SET data = replace(data, 'number', 'numbr') WHERE global_position = 45678").run();
      return rowAt(db, 45678).event_id;
    });
    const result = runCli(database.dir, ['verify', '--json']);
    expect(result.status).toBe(6);
    const report = JSON.parse(result.stdout) as { findings: { kind: string; position: number; eventId: string }[] };
    expect(report.findings.map((f) => [f.kind, f.position, f.eventId])).toEqual([['altered', 45678, eventId]]);
  });
});
