import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { appendLockKey } from '../../src/event-store/postgres/schema.sql';
import { postgresUnavailable, skipWithoutPostgres, tempSchema, TEST_DATABASE_URL } from '../support/postgres';
import { cliToken } from '../support/run-cli';
import { rateExampleAction, serverHealth, until } from '../support/server-health';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

/**
 * Issue 27: two real servers on one PostgreSQL log, each with its own data folder, sharing one signer
 * folder (SIGNER_DIR). Exactly one signs — the holder of the signer lock — and when it is killed the
 * other takes over within a second or two, checks the log against the head the first one left, and
 * signs what comes next; the killed one, started again, stands by.
 */
const SUITE = 'one signer among servers on one PostgreSQL log (issue 27)';
const unavailable = postgresUnavailable();

interface Health {
  headPosition: number;
  signing: { state: string; reason?: string; leader: boolean; leaderSince?: string; headsSignedHere: number; headChecked: boolean; head?: { treeSize: number; rootHash: string } };
  projection: { checkpoint: number };
}

const health = (server: RunningServer) => serverHealth<Health>(server);
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000) => until(what, probe, timeoutMs, 50);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (unavailable) {
  skipWithoutPostgres(SUITE, unavailable);
} else {
  describe(SUITE, () => {
    const schema = tempSchema('one_signer');
    const a = tempDatabase('one-signer-a');
    const b = tempDatabase('one-signer-b');
    const signerDir = mkdtempSync(join(tmpdir(), 'plan-audit-shared-signer-'));
    const env = (extra: Record<string, string>) => ({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema.name,
      SIGNER_DIR: signerDir,
      SIGN_HEAD_EVERY_MS: '100',
      SIGNER_LEADER_RETRY_MS: '200',
      METRICS_PUBLIC: 'true',
      ...extra,
    });
    let serverA: RunningServer | undefined;
    let serverB: RunningServer | undefined;
    let db: Client;
    const tokens = { a: '', b: '', auditorA: '' };

    /** The log's size and the checkpoint rows, read from PostgreSQL itself. */
    const inTheDatabase = async () => {
      const events = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema.name}".events`);
      const rows = await db.query<{ tree_size: string }>(`SELECT tree_size FROM "${schema.name}".checkpoints ORDER BY tree_size`);
      return { events: events.rows[0].n, treeSizes: rows.rows.map((r) => Number(r.tree_size)) };
    };
    /** Once a checkpoint row covers every event in the log. */
    const allSignedInTheDatabase = () =>
      waitFor('a checkpoint covering the whole log', async () => {
        const now = await inTheDatabase();
        return now.events > 0 && now.treeSizes[now.treeSizes.length - 1] === now.events ? now : undefined;
      });
    const rate = async (server: RunningServer, token: string, code: string) => {
      const response = await rateExampleAction(server, token, '3.2', code);
      expect([response.status, await response.text()]).toEqual([201, expect.any(String)]);
    };

    beforeAll(async () => {
      db = new Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      // Users and tokens are in PostgreSQL, shared by both servers: made once, with the CLI on the database.
      const shared = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.name };
      tokens.a = cliToken(a.dir, 'lead.jo', 'lead', shared);
      tokens.auditorA = cliToken(a.dir, 'auditor.ann', 'auditor', shared);
      tokens.b = cliToken(a.dir, 'lead.bo', 'lead', shared);
    }, 120_000);

    afterAll(async () => {
      await serverA?.stop();
      await serverB?.stop();
      await db?.end();
      await schema.drop();
      a.remove();
      b.remove();
      rmSync(signerDir, { recursive: true, force: true });
    });

    it('lets exactly one server sign; writes through it are signed, and only its heads reach the checkpoints', async () => {
      serverA = await startServer(a.dir, env({ LOAD_EXAMPLE: 'true' }));
      const first = await waitFor('server A to sign the example plan', async () => {
        const h = await health(serverA!);
        return h.signing.leader && h.headPosition > 0 && h.signing.head?.treeSize === h.headPosition ? h : undefined;
      });
      expect(first.signing.headChecked).toBe(true);
      serverB = await startServer(b.dir, env({ LOAD_EXAMPLE: 'false' }));
      // B has read the whole log into its read models, and had many chances at the lock (every 200 ms).
      await waitFor('server B to read the log', async () => ((await health(serverB!)).projection.checkpoint >= first.headPosition ? true : undefined));
      await sleep(1500);

      await rate(serverA, tokens.a, 'DG');
      await rate(serverB, tokens.b, 'R');
      const signed = await allSignedInTheDatabase();

      const [hA, hB] = [await health(serverA), await health(serverB)];
      expect([hA.signing.leader, hB.signing.leader]).toEqual([true, false]);
      expect(hB.signing.headsSignedHere).toBe(0);
      expect(hA.signing.headsSignedHere).toBeGreaterThanOrEqual(2);
      // B shows the head A keeps in the shared signer folder, and says it is not the signer.
      expect(hB.signing.head?.treeSize).toBe(signed.events);
      const metricsB = await (await fetch(`${serverB.baseUrl}/api/metrics`)).text();
      expect(metricsB).toMatch(/^plan_audit_signer_leader 0$/m);
      const metricsA = await (await fetch(`${serverA.baseUrl}/api/metrics`)).text();
      expect(metricsA).toMatch(/^plan_audit_signer_leader 1$/m);
      // Heads are signed only by A, each tree size once, each bigger than the last: no second signer raced it.
      expect(signed.treeSizes).toEqual([...new Set(signed.treeSizes)].sort((x, y) => x - y));
    }, 120_000);

    it('hands signing to the survivor within seconds when the signer is killed, and it signs new writes', async () => {
      const before = await inTheDatabase();
      await serverA!.killHard();
      const killedAt = Date.now();
      const took = await waitFor('server B to become the signer', async () => ((await health(serverB!)).signing.leader ? Date.now() - killedAt : undefined), 15_000);
      process.stdout.write(`one signer: server B became the signer ${took} ms after server A was killed (retry every 200 ms)\n`);
      expect(took).toBeLessThan(5000);

      await rate(serverB!, tokens.b, 'A');
      const after = await allSignedInTheDatabase();
      expect(after.events).toBeGreaterThan(before.events);
      const hB = await health(serverB!);
      expect(hB.signing).toMatchObject({ leader: true, state: 'signing', headChecked: true });
      expect(hB.signing.headsSignedHere).toBeGreaterThanOrEqual(1);
      expect(hB.signing.head?.treeSize).toBe(after.events);
      expect(serverB!.output()).toContain('This server is now the signer');
    }, 120_000);

    it('keeps the restarted server standing by while the survivor lives, and signs its writes through the survivor', async () => {
      serverA = await startServer(a.dir, env({ LOAD_EXAMPLE: 'false' }));
      await waitFor('server A to read the log', async () => ((await health(serverA!)).projection.checkpoint > 0 ? true : undefined));
      await sleep(1500);
      await rate(serverA, tokens.a, 'LG');
      const signed = await allSignedInTheDatabase();
      const [hA, hB] = [await health(serverA), await health(serverB!)];
      expect([hA.signing.leader, hB.signing.leader]).toEqual([false, true]);
      expect(hA.signing.headsSignedHere).toBe(0);
      expect(hA.signing.head?.treeSize).toBe(signed.events);
    }, 120_000);

    it('makes the signer step down when its lock connection is cut, and one server signs again', async () => {
      const key = appendLockKey(schema.name, 'signer');
      // The backend holding the signer lock: an advisory lock on a bigint key is split into classid (high) and objid (low).
      const holder = await db.query<{ pid: number }>(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1::bigint",
        [key],
      );
      expect(holder.rows).toHaveLength(1);
      await db.query('SELECT pg_terminate_backend($1)', [holder.rows[0].pid]);
      await waitFor('server B to step down', async () => (serverB!.output().includes('This server has stopped signing') ? true : undefined), 10_000);
      const leaders = await waitFor('one signer again', async () => {
        const flags = [(await health(serverA!)).signing.leader, (await health(serverB!)).signing.leader];
        return flags.filter(Boolean).length === 1 ? flags : undefined;
      });
      expect(leaders.filter(Boolean)).toHaveLength(1);
      await rate(serverA!, tokens.a, 'R');
      const signed = await allSignedInTheDatabase();
      expect(signed.treeSizes).toEqual([...new Set(signed.treeSizes)].sort((x, y) => x - y));
    }, 120_000);

    it('leaves a log that verifies clean, every checkpoint signed under the shared key', async () => {
      const response = await fetch(`${serverA!.baseUrl}/api/audit/verification`, { headers: { authorization: `Bearer ${tokens.auditorA}` } });
      expect(response.status).toBe(200);
      const report = (await response.json()) as { ok: boolean; lines: string[]; eventCount: number; uncoveredEvents: number; checkpoints: { status: string }[] };
      expect(report.lines).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.uncoveredEvents).toBe(0);
      expect(report.checkpoints.every((c) => c.status === 'verified')).toBe(true);
      expect(report.eventCount).toBe((await inTheDatabase()).events);
    }, 120_000);
  });
}
