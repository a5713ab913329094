import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { authRoleGrants } from '../../src/auth/postgres-auth-database';
import { appendOnlyRoleGrants } from '../../src/event-store/postgres/schema.sql';
import { httpClient } from '../support/http-client';
import { postgresUnavailable, skipWithoutPostgres, tempSchema, TEST_DATABASE_URL } from '../support/postgres';
import { runCli } from '../support/run-cli';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const SUITE = 'users, tokens and sessions shared by two servers on PostgreSQL';
const PASSWORD = 'a long enough passphrase';
const ADMIN = { id: 'admin.setup', password: 'set-up administrator passphrase' };
/** Low account limit, high address limit: both servers see the tester at 127.0.0.1, and the test is about the account's count. */
const LIMITS = { SIGN_IN_ACCOUNT_FAILURES: '3', SIGN_IN_ADDRESS_FAILURES: '50', SIGN_IN_WINDOW_MINUTES: '15' };

/**
 * Two real server processes, each with its own data folder, on one PostgreSQL schema, and the real
 * CLI from a third folder: whatever one does to users, tokens and sessions, the other knows at its
 * next request, because none of it is in a data folder any more.
 */
const unavailable = postgresUnavailable();
if (unavailable) skipWithoutPostgres(SUITE, unavailable);
else
  describe(SUITE, () => {
    const schema = tempSchema('shared_auth');
    const folders = { a: tempDatabase('shared-auth-a'), b: tempDatabase('shared-auth-b'), cli: tempDatabase('shared-auth-cli') };
    const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.name, LOAD_EXAMPLE: 'false', ...LIMITS };
    const cli = (args: string[], extra: Record<string, string> = {}) => runCli(folders.cli.dir, args, { ...env, ...extra });
    const asAdmin = { PLAN_AUDIT_USER: ADMIN.id, PLAN_AUDIT_PASSWORD: ADMIN.password };
    let a: RunningServer;
    let b: RunningServer;
    let onA: ReturnType<typeof httpClient>;
    let onB: ReturnType<typeof httpClient>;

    beforeAll(async () => {
      // Both at once, on a schema that does not exist yet: the table making must not race.
      [a, b] = await Promise.all([startServer(folders.a.dir, env), startServer(folders.b.dir, env)]);
      onA = httpClient(a.baseUrl);
      onB = httpClient(b.baseUrl);
      const first = cli(['add-user', '--id', ADMIN.id, '--role', 'admin'], { PLAN_AUDIT_NEW_PASSWORD: ADMIN.password });
      expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
      for (const [id, role] of [['lead.jo', 'lead'], ['qa.sam', 'qa'], ['lead.kim', 'lead']]) {
        const added = cli(['add-user', '--id', id, '--role', role], { ...asAdmin, PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
        expect({ id, status: added.status, stderr: added.stderr }).toEqual({ id, status: 0, stderr: '' });
      }
    }, 180_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await schema.drop();
      for (const folder of Object.values(folders)) folder.remove();
    });

    it('keeps no auth file in any data folder: the users the CLI made are the ones both servers know', async () => {
      for (const folder of Object.values(folders)) expect(existsSync(join(folder.dir, 'auth.sqlite'))).toBe(false);
      const admin = (await onB.signIn(ADMIN.id, ADMIN.password)).session!;
      const users = await onB.call('GET', '/api/users', { session: admin });
      expect(users.body.users.map((u: { id: string }) => u.id)).toEqual(['admin.setup', 'lead.jo', 'lead.kim', 'qa.sam']);
    });

    it('accepts on B the session cookie made by signing in on A, and ends it on both when signed out on B', async () => {
      const signedIn = await onA.signIn('lead.jo', PASSWORD);
      expect(signedIn.status).toBe(200);
      const session = { session: signedIn.session! };
      expect((await onB.call('GET', '/api/session', session)).body.signedInAs).toEqual({ id: 'lead.jo', role: 'lead' });
      expect((await onB.call('GET', '/api/plans', session)).status).toBe(200);
      expect((await onB.call('DELETE', '/api/session', session)).status).toBeLessThan(300);
      expect((await onA.call('GET', '/api/plans', session)).status).toBe(401);
    });

    it('accepts on B a token made on A, and refuses it on A once revoked on B', async () => {
      const session = { session: (await onA.signIn('qa.sam', PASSWORD)).session! };
      const made = await onA.call('POST', '/api/tokens', session, { name: 'made on A' });
      expect(made.status).toBe(201);
      const token = { token: made.body.token as string };
      expect((await onB.call('GET', '/api/session', token)).body.signedInAs).toEqual({ id: 'qa.sam', role: 'qa' });
      expect((await onB.call('DELETE', `/api/tokens/${made.body.id}`, token)).status).toBe(200);
      expect((await onA.call('GET', '/api/plans', token)).status).toBe(401);
    });

    it("refuses on B, at its next request, a user disabled on A, and gives on B the role changed on A", async () => {
      const admin = { session: (await onA.signIn(ADMIN.id, ADMIN.password)).session! };
      const kim = { session: (await onB.signIn('lead.kim', PASSWORD)).session! };
      const kimToken = { token: (await onB.call('POST', '/api/tokens', kim, { name: 'script' })).body.token as string };
      expect((await onB.call('GET', '/api/plans', kim)).status).toBe(200);

      expect((await onA.call('PUT', '/api/users/lead.kim/role', admin, { role: 'qa' })).status).toBe(200);
      expect((await onB.call('GET', '/api/session', kimToken)).body.signedInAs).toEqual({ id: 'lead.kim', role: 'qa' });

      expect((await onA.call('POST', '/api/users/lead.kim/disable', admin, { reason: 'left' })).status).toBe(200);
      expect((await onB.call('GET', '/api/plans', kim)).status).toBe(401);
      expect((await onB.call('GET', '/api/plans', kimToken)).status).toBe(401);
      expect((await onB.signIn('lead.kim', PASSWORD)).status).toBe(401);

      // Enabled again with the CLI: B takes the token again at once (the session stays ended).
      expect(cli(['enable-user', '--user', 'lead.kim'], asAdmin).status).toBe(0);
      expect((await onB.call('GET', '/api/plans', kimToken)).status).toBe(200);
      expect((await onB.call('GET', '/api/plans', kim)).status).toBe(401);
    });

    it('counts failed sign-ins on A and B together: the account is locked on both after three wrong passwords between them', async () => {
      expect((await onA.signIn('lead.jo', 'wrong password one')).status).toBe(401);
      expect((await onB.signIn('lead.jo', 'wrong password two')).status).toBe(401);
      expect((await onA.signIn('lead.jo', 'wrong password three')).status).toBe(401);
      // The right password, on either server, is now refused until the window passes.
      const onBNow = await onB.signIn('lead.jo', PASSWORD);
      expect(onBNow.status).toBe(429);
      expect(Number(onBNow.headers.get('retry-after'))).toBeGreaterThan(800);
      expect((await onA.signIn('lead.jo', PASSWORD)).status).toBe(429);
      // Another account is untouched.
      expect((await onB.signIn('qa.sam', PASSWORD)).status).toBe(200);
    });

    it('keeps one access log for both servers and the CLI, whose chain verifies everywhere, even after changes made on both at once', async () => {
      // Twelve tokens made at the same moment, six through each server: each entry must chain onto the one before.
      const session = { session: (await onA.signIn('qa.sam', PASSWORD)).session! };
      const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? onB : onA).call('POST', '/api/tokens', session, { name: `burst ${i}` })));
      expect(burst.map((answer) => answer.status)).toEqual(Array(12).fill(201));
      expect(new Set(burst.map((answer) => answer.body.id)).size).toBe(12);
      const verified = cli(['verify-access-log']);
      expect(verified.status).toBe(0);
      const entries = Number(/Verified (\d+) access-log entries/.exec(verified.stdout)![1]);
      const log = cli(['access-log', '--json']).stdout.trim().split('\n').map((line) => JSON.parse(line) as { position: number; action: string; subject: string });
      expect(log.map((e) => e.position)).toEqual(Array.from({ length: entries }, (_, i) => i + 1));
      // Changes made through A, through B and through the CLI, in one chain.
      expect(log.map((e) => `${e.action} ${e.subject}`)).toEqual(
        expect.arrayContaining(['bootstrap admin.setup', 'token-created qa.sam', 'token-revoked qa.sam', 'role-given lead.kim', 'user-disabled lead.kim', 'user-enabled lead.kim']),
      );
      const auditor = { session: (await onB.signIn(ADMIN.id, ADMIN.password)).session! };
      const onBVerified = await onB.call('GET', '/api/access-log/verification', auditor);
      expect(onBVerified.body).toMatchObject({ intact: true, entries });
    });

    it('refuses, by trigger, an attacker who edits, deletes or truncates access-log rows in PostgreSQL', async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        const table = `"${schema.name}".access_log`;
        await expect(client.query(`UPDATE ${table} SET details = '{"role":"admin"}' WHERE position = 2`)).rejects.toThrow(/append-only: UPDATE is not allowed/);
        await expect(client.query(`DELETE FROM ${table} WHERE position = 2`)).rejects.toThrow(/append-only: DELETE is not allowed/);
        await expect(client.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
        // Even one that would touch no row: the triggers are per statement.
        await expect(client.query(`DELETE FROM ${table} WHERE position < 0`)).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
      expect(cli(['verify-access-log']).status).toBe(0);
    });

    it("lets the servers' own role, granted as the docs say, manage accounts but neither change the access log nor disable its triggers", async () => {
      const role = `${schema.name}_app`;
      const owner = new Client({ connectionString: TEST_DATABASE_URL });
      await owner.connect();
      const url = new URL(TEST_DATABASE_URL);
      url.username = role;
      const asRole = new Client({ connectionString: url.toString() });
      try {
        await owner.query(`CREATE ROLE "${role}" LOGIN`);
        await owner.query(appendOnlyRoleGrants(schema.name, role) + authRoleGrants(schema.name, role));
        const roleEnv = { DATABASE_URL: url.toString(), ...asAdmin };
        const added = cli(['add-user', '--id', 'qa.lee', '--role', 'qa'], { ...roleEnv, PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
        expect({ status: added.status, stderr: added.stderr }).toEqual({ status: 0, stderr: '' });
        expect(cli(['disable-user', '--user', 'qa.lee'], roleEnv).status).toBe(0);
        expect(cli(['verify-access-log'], roleEnv).status).toBe(0);
        expect((await onB.signIn('qa.lee', PASSWORD)).status).toBe(401);

        await asRole.connect();
        const table = `"${schema.name}".access_log`;
        for (const sql of [`UPDATE ${table} SET actor = '{}'`, `ALTER TABLE ${table} DISABLE TRIGGER access_log_refuse_update_delete`, `DROP TABLE ${table}`]) {
          await expect(asRole.query(sql)).rejects.toThrow(/permission denied|must be owner/);
        }
      } finally {
        await asRole.end().catch(() => undefined);
        await owner.query(`DROP OWNED BY "${role}"; DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
        await owner.end();
      }
    });
  });
