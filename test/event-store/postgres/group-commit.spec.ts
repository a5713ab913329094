import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ConcurrencyError } from '../../../src/domain/errors';
import { NewEvent } from '../../../src/event-store/envelope';
import { ANY_VERSION, NO_STREAM } from '../../../src/event-store/event-store.port';
import { verifyStreamChain } from '../../../src/event-store/hashing';
import { PostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store';
import { appendLockKey } from '../../../src/event-store/postgres/schema.sql';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../../support/postgres';

/**
 * Group commit (src/event-store/postgres/group-commit.ts): appends that queue in one process while
 * a call is under way go in the next call together, one transaction, and each still gets its own
 * answer. Made visible without timing: the append lock is held from outside, so one append waits
 * on it and the rest queue behind it; once it is let go, the queued appends' rows must all carry
 * one transaction id (xmin), and the one stale among them must be refused alone.
 */
const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('PostgreSQL group commit', unavailable);
} else {
  describe('PostgreSQL group commit', () => {
    const schema = tempSchema('group_commit');
    let store: PostgresEventStore;
    let admin: Client;

    beforeAll(async () => {
      store = new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name });
      admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.query('ROLLBACK').catch(() => undefined);
      await store?.close();
      await admin?.end();
      await schema.drop();
    });

    it('sends the appends that queued behind a call in one transaction, refusing only the stale one', async () => {
      const run = randomUUID().slice(0, 8);
      const own = Array.from({ length: 6 }, (_, i) => `plan/${run}-${i}`);
      const contested = `plan/${run}-contested`;
      // Each stream exists first, so its head is known and every append below reaches the queue at once.
      for (const stream of [...own, contested]) await store.append(stream, NO_STREAM, [rated('A')]);

      const key = appendLockKey(schema.name, 'append');
      await admin.query(`BEGIN; SELECT pg_advisory_xact_lock(${key})`);
      const first = store.append(`plan/${run}-first`, NO_STREAM, [rated('G')]);
      // A bigint advisory key shows in pg_locks split in two: its high half as classid, its low half as objid.
      const waiting = `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`;
      await waitUntil(async () => (await admin.query(waiting, [key])).rowCount! > 0);

      const queued = [
        ...own.map((stream) => store.append(stream, 0, [rated('G'), rated('R')])),
        store.append(contested, 0, [rated('G')]),
        store.append(contested, 0, [rated('R')]),
        store.appendMany([
          { streamId: own[0], expectedVersion: ANY_VERSION, events: [rated('DG')] },
          { streamId: `plan/${run}-new`, expectedVersion: NO_STREAM, events: [rated('LG')] },
        ]),
      ].map((p) => p.then((value) => ({ value }), (error: unknown) => ({ error })));
      await new Promise((resolve) => setImmediate(resolve));
      await admin.query('COMMIT');

      const firstEvent = (await first).events[0];
      const outcomes = await Promise.all(queued);
      const refused = outcomes.filter((o) => 'error' in o);
      expect(refused).toHaveLength(1);
      expect((refused[0] as { error: unknown }).error).toBeInstanceOf(ConcurrencyError);
      // The contested stream took exactly one of its two appends, at version 1.
      expect((await store.readStream(contested)).map((e) => e.streamVersion)).toEqual([0, 1]);

      // The queued appends that went in share one transaction, and not the first append's.
      const { rows } = await admin.query<{ transaction: string; events: number }>(
        `SELECT xmin::text AS transaction, count(*)::int AS events FROM "${schema.name}".events WHERE global_position > $1 GROUP BY xmin ORDER BY min(global_position)`,
        [firstEvent.globalPosition],
      );
      const fromFirst = (await admin.query<{ xmin: string }>(`SELECT xmin::text FROM "${schema.name}".events WHERE global_position = $1`, [firstEvent.globalPosition])).rows[0].xmin;
      // One call: 6 × 2 on the own streams and 1 on the contested one. The appendMany, sealed with
      // ANY_VERSION onto the head of own[0] it knew, found that head moved by the own[0] append
      // ahead of it in the same call: left out alone, sealed again onto the new head, and sent in
      // the next call, all or nothing across its two streams.
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.events)).toEqual([13, 2]);
      expect(rows.map((r) => r.transaction)).not.toContain(fromFirst);
      const [last] = (await store.readStream(own[0])).slice(-1);
      expect(last.streamVersion).toBe(3);
      expect((await store.readStream(`plan/${run}-new`)).map((e) => e.globalPosition)).toEqual([last.globalPosition + 1]);

      // Positions dense, each append's events together, every chain whole.
      const log = await store.readAll({ after: 0, limit: 1000 });
      expect(log.map((e) => e.globalPosition)).toEqual(log.map((_, i) => i + 1));
      for (const o of outcomes) if ('value' in o) for (const r of Array.isArray(o.value) ? o.value : [o.value]) expect(positionsRun(r.events.map((e) => e.globalPosition))).toBe(true);
      for (const stream of new Set(log.map((e) => e.streamId))) expect(verifyStreamChain(await store.readStream(stream))).toEqual([]);
    });
  });
}

function positionsRun(positions: number[]): boolean {
  return positions.every((p, i) => i === 0 || p === positions[i - 1] + 1);
}

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the first append never waited on the append lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function rated(code: string): NewEvent {
  return {
    type: 'RatingChanged',
    schemaVersion: 1,
    data: { code },
    metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2017-01-31T00:00:00.000Z', correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
  };
}
