import { httpClient } from '../support/http-client';
import { cliAdmin, runCli, SETUP_ADMIN } from '../support/run-cli';
import { RunningServer, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const PASSWORD = 'a long enough passphrase';

/**
 * Account control through the real server and the real CLI, on one data folder:
 * each change takes effect at the very next request, each is done only by
 * someone allowed to, and each is in the access log with who did it.
 */
describe('account control', () => {
  const database = tempDatabase('accounts');
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(database.dir, args, env);
  let admin: Record<string, string>;
  let server: RunningServer;
  let api: ReturnType<typeof httpClient>;
  let adminSession: string;

  beforeAll(async () => {
    admin = cliAdmin(database.dir);
    for (const [id, role] of [['lead.jo', 'lead'], ['qa.sam', 'qa'], ['audit.ali', 'auditor']]) {
      const added = cli(['add-user', '--id', id, '--role', role], { ...admin, PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
      expect({ id, status: added.status, stderr: added.stderr }).toEqual({ id, status: 0, stderr: '' });
    }
    server = await startServer(database.dir, { LOAD_EXAMPLE: 'false' });
    api = httpClient(server.baseUrl);
    adminSession = (await api.signIn(SETUP_ADMIN.id, SETUP_ADMIN.password)).session!;
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  const asAdmin = () => ({ session: adminSession });

  it('answers 401 to a revoked token on the very next request, and lists tokens with when they were made and last used', async () => {
    const made = await api.call('POST', '/api/users/lead.jo/tokens', asAdmin(), { name: 'reporting script' });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect((await api.call('GET', '/api/session', { token })).body.signedInAs).toEqual({ id: 'lead.jo', role: 'lead' });

    const listed = await api.call('GET', '/api/tokens', { token });
    expect(listed.body.tokens).toEqual([{ id: made.body.id, userId: 'lead.jo', name: 'reporting script', createdAt: expect.any(String), lastUsedAt: expect.any(String), revokedAt: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // The lead revokes their own token; the request after is refused.
    const revoked = await api.call('DELETE', `/api/tokens/${made.body.id}`, { token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await api.call('GET', '/api/session', { token })).status).toBe(401);
    expect((await api.call('DELETE', `/api/tokens/${made.body.id}`, asAdmin())).status).toBe(409);
  });

  it('answers 401 to a token revoked with the CLI, on the very next request', async () => {
    const made = cli(['create-token', '--user', 'qa.sam', '--name', 'ci'], admin);
    expect(made.status).toBe(0);
    const token = made.stdout.trim();
    expect((await api.call('GET', '/api/plans', { token })).status).toBe(200);
    const listed = cli(['tokens', '--user', 'qa.sam', '--json'], admin);
    const id = listed.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((t) => t.name === 'ci').id as number;
    expect(cli(['revoke-token', '--id', String(id)], admin).status).toBe(0);
    expect((await api.call('GET', '/api/plans', { token })).status).toBe(401);
  });

  it("answers 401 to a disabled user's session and token on the very next request, and refuses their password", async () => {
    const signedIn = await api.signIn('qa.sam', PASSWORD);
    const session = { session: signedIn.session! };
    const token = { token: (await api.call('POST', '/api/tokens', session, { name: 'own' })).body.token as string };
    expect((await api.call('GET', '/api/plans', session)).status).toBe(200);
    expect((await api.call('GET', '/api/plans', token)).status).toBe(200);

    const disabled = await api.call('POST', '/api/users/qa.sam/disable', asAdmin(), { reason: 'left the QA team' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: 'qa.sam', disabledAt: expect.any(String), sessions: 0 });
    expect((await api.call('GET', '/api/plans', session)).status).toBe(401);
    expect((await api.call('GET', '/api/plans', token)).status).toBe(401);
    const again = await api.signIn('qa.sam', PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body.detail).toMatch(/disabled/);
    expect(cli(['tokens'], { PLAN_AUDIT_TOKEN: token.token }).status).toBe(3);

    // Enabled again: the token works (it was not revoked); the session stays ended.
    expect((await api.call('POST', '/api/users/qa.sam/enable', asAdmin())).status).toBe(200);
    expect((await api.call('GET', '/api/plans', token)).status).toBe(200);
    expect((await api.call('GET', '/api/plans', session)).status).toBe(401);
  });

  it('disables a user from the CLI, with the same effect at the next request', async () => {
    const session = { session: (await api.signIn('audit.ali', PASSWORD)).session! };
    expect((await api.call('GET', '/api/access-log', session)).status).toBe(200);
    expect(cli(['disable-user', '--user', 'audit.ali', '--reason', 'contract ended'], admin).status).toBe(0);
    expect((await api.call('GET', '/api/access-log', session)).status).toBe(401);
    expect(cli(['enable-user', '--user', 'audit.ali'], admin).status).toBe(0);
  });

  it('signs a user out everywhere: every session ends, on every device', async () => {
    const phone = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    const laptop = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    expect((await api.call('GET', '/api/users/lead.jo', laptop)).body.sessions).toBe(2);
    const out = await api.call('DELETE', '/api/session/everywhere', phone);
    expect(out.body).toEqual({ sessionsEnded: 2 });
    expect((await api.call('GET', '/api/session', phone)).status).toBe(401);
    expect((await api.call('GET', '/api/session', laptop)).status).toBe(401);
  });

  it('changes a password only with the current one; the other sessions end, this one stays', async () => {
    const here = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    const elsewhere = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    const wrong = await api.call('PUT', '/api/session/password', here, { currentPassword: 'not my password at all', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([{ field: 'currentPassword', message: expect.stringMatching(/not your current password/) }]);
    expect((await api.signIn('lead.jo', 'a brand new passphrase')).status).toBe(401);

    const changed = await api.call('PUT', '/api/session/password', here, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(changed.body).toEqual({ sessionsEnded: 1 });
    expect((await api.call('GET', '/api/session', here)).status).toBe(200);
    expect((await api.call('GET', '/api/session', elsewhere)).status).toBe(401);
    expect((await api.signIn('lead.jo', PASSWORD)).status).toBe(401);
    expect((await api.signIn('lead.jo', 'a brand new passphrase')).status).toBe(200);

    // An administrator resets it (the lead forgot it): the lead's sessions end.
    expect((await api.call('PUT', '/api/users/lead.jo/password', asAdmin(), { password: PASSWORD })).body).toEqual({ sessionsEnded: 2 });
    expect((await api.call('GET', '/api/session', here)).status).toBe(401);
    expect((await api.signIn('lead.jo', PASSWORD)).status).toBe(200);
  });

  it("lets a user manage only their own account, and an administrator anyone's", async () => {
    const lead = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    const refusals = await Promise.all([
      api.call('POST', '/api/users/qa.sam/disable', lead),
      api.call('PUT', '/api/users/lead.jo/role', lead, { role: 'admin' }),
      api.call('PUT', '/api/users/qa.sam/password', lead, { password: 'taken over you are' }),
      api.call('POST', '/api/users/qa.sam/tokens', lead, { name: 'mine now' }),
      api.call('DELETE', '/api/users/qa.sam/sessions', lead),
      api.call('GET', '/api/users', lead),
      api.call('POST', '/api/users', lead, { id: 'new.person', role: 'admin' }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    // Someone else's token is not even there, for a lead.
    const qaTokens = await api.call('GET', '/api/users/qa.sam/tokens', asAdmin());
    expect((await api.call('DELETE', `/api/tokens/${qaTokens.body.tokens[0].id}`, lead)).status).toBe(404);
    // The last administrator cannot be disabled or demoted: someone must be able to let people in.
    const last = await api.call('POST', `/api/users/${SETUP_ADMIN.id}/disable`, asAdmin());
    expect({ status: last.status, rule: last.body.rule }).toEqual({ status: 409, rule: 'last-admin' });
    const given = await api.call('PUT', '/api/users/qa.sam/role', asAdmin(), { role: 'board' });
    expect(given.body.role).toBe('board');
  });

  it('refuses account commands from the CLI without a proven caller, or by someone not allowed', () => {
    const before = cli(['access-log', '--json']).stdout;
    expect(cli(['add-user', '--id', 'sneaky.one', '--role', 'admin'], { PLAN_AUDIT_NEW_PASSWORD: PASSWORD }).status).toBe(3);
    expect(cli(['disable-user', '--user', 'lead.jo']).status).toBe(3);
    expect(cli(['disable-user', '--user', 'lead.jo'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: PASSWORD }).status).toBe(3);
    expect(cli(['create-token', '--user', 'qa.sam'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: 'wrong password here' }).status).toBe(3);
    expect(cli(['access-log', '--json']).stdout).toBe(before);
    // A user may make a token for themselves.
    const own = cli(['create-token', '--user', 'lead.jo', '--name', 'laptop'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: PASSWORD });
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^pat_/);
  });

  it('manages accounts from the CLI: list, roles, passwords, sign out everywhere, with the effect at the next request', async () => {
    const listed = cli(['users', '--json'], admin);
    expect(listed.stdout.trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(['admin.setup', 'audit.ali', 'lead.jo', 'qa.sam']);
    expect(cli(['users'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: PASSWORD }).status).toBe(3);

    expect(cli(['set-role', '--user', 'qa.sam', '--role', 'qa'], admin).stdout).toMatch(/qa.sam now has the role qa/);
    expect((await api.call('GET', '/api/session', { session: (await api.signIn('qa.sam', PASSWORD)).session! })).body.signedInAs.role).toBe('qa');

    // The lead changes their own password from the CLI; a wrong current one is refused and changes nothing.
    const lead = { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_NEW_PASSWORD: 'changed at the command line' };
    expect(cli(['change-password'], { ...lead, PLAN_AUDIT_PASSWORD: 'not the current one' }).status).toBe(2);
    const browser = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    expect(cli(['change-password'], { ...lead, PLAN_AUDIT_PASSWORD: PASSWORD }).status).toBe(0);
    expect((await api.call('GET', '/api/session', browser)).status).toBe(401);
    expect((await api.signIn('lead.jo', 'changed at the command line')).status).toBe(200);

    // An administrator sets it back, then signs the lead out everywhere.
    expect(cli(['set-password', '--user', 'lead.jo'], { ...admin, PLAN_AUDIT_NEW_PASSWORD: PASSWORD }).status).toBe(0);
    const again = { session: (await api.signIn('lead.jo', PASSWORD)).session! };
    expect(cli(['sign-out-everywhere', '--user', 'lead.jo'], admin).stdout).toMatch(/Ended 1 session\(s\) of lead.jo/);
    expect((await api.call('GET', '/api/session', again)).status).toBe(401);

    const history = cli(['access-log', '--user', 'lead.jo']);
    expect(history.stdout).toMatch(/lead\.jo \(lead\) password-changed lead\.jo/);
    expect(history.stdout).toMatch(/admin\.setup \(admin\) signed-out-everywhere lead\.jo \{"sessionsEnded":1\}/);
  });

  it('records every change of access with who did it, when, to whom and what, for auditors to read and verify', async () => {
    const auditor = { session: (await api.signIn('audit.ali', PASSWORD)).session! };
    const log = await api.call('GET', '/api/access-log', auditor);
    const entries = log.body.entries as { position: number; actor: Record<string, string>; action: string; subject: string; details: Record<string, unknown> }[];
    const summary = entries.map((e) => `${e.actor.kind === 'bootstrap' ? 'bootstrap' : e.actor.id} ${e.action} ${e.subject}`);
    expect(summary.slice(0, 4)).toEqual(['bootstrap bootstrap admin.setup', 'admin.setup user-created lead.jo', 'admin.setup user-created qa.sam', 'admin.setup user-created audit.ali']);
    expect(entries[0].actor).toEqual({ kind: 'bootstrap', osUser: expect.any(String), host: expect.any(String) });
    expect(summary).toEqual(
      expect.arrayContaining([
        'admin.setup token-created lead.jo',
        'lead.jo token-revoked lead.jo',
        'admin.setup user-disabled qa.sam',
        'admin.setup user-enabled qa.sam',
        'lead.jo signed-out-everywhere lead.jo',
        'lead.jo password-changed lead.jo',
        'admin.setup password-reset lead.jo',
        'admin.setup role-given qa.sam',
      ]),
    );
    expect(entries.find((e) => e.action === 'user-disabled' && e.subject === 'qa.sam')!.details).toEqual({ reason: 'left the QA team', sessionsEnded: 1 });
    expect(entries.find((e) => e.action === 'role-given')!.details).toEqual({ from: 'qa', to: 'board' });
    expect(JSON.stringify(entries)).not.toMatch(/pat_|scrypt|passphrase/);
    expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i + 1));

    expect((await api.call('GET', '/api/access-log/verification', auditor)).body).toMatchObject({ intact: true, entries: entries.length });
    const verified = cli(['verify-access-log']);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`Verified ${entries.length} access-log entries`));
  });
});
