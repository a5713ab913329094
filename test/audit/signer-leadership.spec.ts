import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService } from '../../src/audit/audit.service';
import { PostgresCheckpointStore } from '../../src/audit/postgres-checkpoint-store';
import { AdvisoryLockLeadership, SignerAlone, signerLeaderRetryMs } from '../../src/audit/signer-leadership';
import { CheckpointSigningKey } from '../../src/audit/signing-key';
import { storeSource } from '../../src/audit/verify-sources';
import { NewEvent } from '../../src/event-store/envelope';
import { ANY_VERSION } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { postgresUnavailable, skipWithoutPostgres, tempSchema, TEST_DATABASE_URL } from '../support/postgres';

/**
 * The signer lock on its own, in one process, against the real PostgreSQL: one holder, the others
 * standing by, the lock passing on when the holder lets go, and — the hard part — a holder whose lock
 * connection PostgreSQL has ended failing its very next confirm, before it has noticed by itself, so it
 * writes nothing to the signer folder the next signer now owns.
 */
const SUITE = 'the signer lock on PostgreSQL (issue 27)';
const unavailable = postgresUnavailable();
const RETRY_MS = 100;

const rated = (code: string): NewEvent => ({
  type: 'RatingChanged',
  schemaVersion: 1,
  data: { code },
  metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2017-01-31T00:00:00.000Z', correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
});

const waitFor = async (what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('SIGNER_LEADER_RETRY_MS and the one server of SQLite', () => {
  it('reads the retry interval, refusing what is not a sensible number of milliseconds', () => {
    expect(signerLeaderRetryMs({})).toBe(500);
    expect(signerLeaderRetryMs({ SIGNER_LEADER_RETRY_MS: '200' })).toBe(200);
    for (const bad of ['0', '-5', 'soon', '1.5', '600000']) expect(() => signerLeaderRetryMs({ SIGNER_LEADER_RETRY_MS: bad })).toThrow(/SIGNER_LEADER_RETRY_MS/);
  });

  it('makes the one server on a SQLite folder the signer, always', async () => {
    const alone = new SignerAlone();
    await alone.start();
    expect([alone.isLeader(), await alone.confirm()]).toEqual([true, true]);
  });
});

if (unavailable) {
  skipWithoutPostgres(SUITE, unavailable);
} else {
  describe(SUITE, () => {
    const schema = tempSchema('signer_lock');
    const signerDir = mkdtempSync(join(tmpdir(), 'plan-audit-signer-lock-'));
    const leaderships: AdvisoryLockLeadership[] = [];
    const stores: PostgresEventStore[] = [];
    let db: Client;
    /** The two servers of the last two tests, and why the first stepped down. */
    let a: ReturnType<typeof server>;
    let b: ReturnType<typeof server>;
    let x: AdvisoryLockLeadership;
    let y: AdvisoryLockLeadership;
    const lost: string[] = [];

    const leadership = () => {
      const made = new AdvisoryLockLeadership({ connectionString: TEST_DATABASE_URL, schema: schema.name, retryMs: RETRY_MS });
      leaderships.push(made);
      return made;
    };
    /** One server's audit service: its own pool on the shared log, the shared signer folder, its own place in the election. */
    const server = (lock: AdvisoryLockLeadership) => {
      const store = new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name });
      stores.push(store);
      const audit = new AuditService(store, new PostgresCheckpointStore(store.connection, schema.name), CheckpointSigningKey.loadOrCreate(signerDir), storeSource, undefined, lock);
      return { store, audit };
    };
    const lockHolder = async () => {
      const { rows } = await db.query<{ application_name: string; n: number }>(
        "SELECT a.application_name, count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint GROUP BY 1",
        [(await import('../../src/event-store/postgres/schema.sql')).appendLockKey(schema.name, 'signer')],
      );
      return rows;
    };

    beforeAll(async () => {
      db = new Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
    });
    afterAll(async () => {
      for (const l of leaderships) await l.stop();
      for (const s of stores) await s.close();
      await db?.end();
      await schema.drop();
      rmSync(signerDir, { recursive: true, force: true });
    });

    it('gives the lock to one, stands the other by, and passes it on within a try of the holder letting go', async () => {
      const gained: string[] = [];
      const first = leadership();
      const second = leadership();
      await first.start({ gained: () => gained.push('first'), lost: () => undefined });
      await second.start({ gained: () => gained.push('second'), lost: () => undefined });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS * 5));
      expect([first.isLeader(), second.isLeader(), await second.confirm()]).toEqual([true, false, false]);
      expect(await lockHolder()).toEqual([{ application_name: 'plan-audit-signer', n: 1 }]);

      const letGo = Date.now();
      await first.stop();
      await waitFor('the second to take the lock', () => second.isLeader());
      expect(Date.now() - letGo).toBeLessThan(RETRY_MS * 10);
      expect(gained).toEqual(['first', 'second']);
      expect(first.isLeader()).toBe(false);
      await second.stop();
    });

    it('signs only on the holder; a server standing by answers with the holder’s checkpoint and writes nothing', async () => {
      x = leadership();
      y = leadership();
      await x.start({ gained: () => undefined, lost: (reason) => lost.push(reason) });
      await y.start({ gained: () => undefined, lost: () => undefined });
      a = server(x);
      b = server(y);
      await a.store.append('plan/1', ANY_VERSION, [rated('R'), rated('A')]);
      const [byA, byB] = await Promise.all([a.audit.takeCheckpoint(), b.audit.takeCheckpoint()]);
      expect(byA.created).toBe(true);
      expect(byB).toEqual({ created: false, checkpoint: byA.checkpoint });
      expect([a.audit.signingStatus().headsSignedHere, b.audit.signingStatus().headsSignedHere]).toEqual([1, 0]);
      expect(b.audit.signingStatus()).toMatchObject({ leader: false, head: { treeSize: 2 } });
    });

    it('steps the holder down no later than its next confirm once PostgreSQL ends its lock connection, so it signs nothing more; one signs again', async () => {
      // The holder's connection, ended from outside (an administrator, a database restart, a network cut noticed by the server).
      const { rows } = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'plan-audit-signer' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)");
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1::int[])', [rows.map((r) => r.pid)]);
      // Asked at once (its own try, every 100 ms, may not have run yet): it no longer holds the lock, and says so.
      expect(await x.confirm()).toBe(false);
      expect(x.isLeader()).toBe(false);
      expect(lost).toHaveLength(1);

      await a.store.append('plan/1', ANY_VERSION, [rated('G')]);
      await waitFor('one of the two to hold the lock again', () => x.isLeader() !== y.isLeader());
      const [holder, standby] = x.isLeader() ? [a, b] : [b, a];
      const [signed, waited] = await Promise.all([holder.audit.takeCheckpoint(), standby.audit.takeCheckpoint()]);
      expect(signed.created).toBe(true);
      expect(signed.checkpoint?.treeSize).toBe(3);
      expect(waited).toEqual({ created: false, checkpoint: signed.checkpoint });
      expect((await a.audit.verify()).ok).toBe(true);
    });
  });
}
