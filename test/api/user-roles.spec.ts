import { ExternalIdentities } from '../../src/auth/oidc/external-identities.service';
import { UsersService } from '../../src/auth/users.service';
import { ROLES } from '../../src/domain/roles';
import { loadOidcConfig } from '../../src/oidc-config';
import { httpHarness, HttpHarness } from '../support/http-harness';

const ISSUER = 'https://login.microsoftonline.com/7f3a2b1c-0000-4000-8000-000000000001/v2.0';
const OIDC = loadOidcConfig({
  OIDC_ISSUER: ISSUER,
  OIDC_CLIENT_ID: 'plan-audit-trail',
  OIDC_CLIENT_SECRET: 'secret',
  PUBLIC_URL: 'https://plans.example.gov.uk',
  OIDC_ROLE_CLAIM: 'groups',
  OIDC_ROLE_MAP: 'g-qa=qa,g-board=board',
});

/**
 * People who sign in with the council's identity provider, as the server keeps
 * them: linked by (issuer, subject), with the role the group claim maps to or
 * none until an administrator gives one. The OpenID exchange itself is tested
 * in the browser (test/web/oidc-sign-in.spec.ts); here, what follows from the
 * verified claims, through the real HTTP app and SQLite.
 */
describe('identities from the council’s identity provider, and the roles an administrator gives', () => {
  let h: HttpHarness;
  let identities: ExternalIdentities;
  let users: UsersService;
  const roleOf = async (id: string) => (await users.listUsers()).find((u) => u.id === id)?.role;

  beforeAll(async () => {
    h = await httpHarness('user-roles', { oidc: OIDC });
    identities = h.app.get(ExternalIdentities);
    users = h.app.get(UsersService);
  });
  afterAll(() => h.close());

  it('gives a person in no mapped group an account with no role, whose token the API refuses with 403 until an administrator gives one', async () => {
    const pat = await identities.signedIn(ISSUER, { sub: 'sub-pat', preferred_username: 'pat.new@council.example', name: 'Pat New', groups: ['staff'] });
    expect(pat).toEqual({ userId: 'pat.new', displayName: 'Pat New', role: '', created: true });
    const token = await users.createToken('pat.new', 'tests');
    const refused = await h.http().get('/api/plans').set({ Authorization: `Bearer ${token}` });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('pat.new has no role yet: ask an administrator to give you one');

    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const tried = await h.http().put('/api/users/pat.new/role').set(h.as(role)).send({ role: 'board' });
      expect([role, tried.status]).toEqual([role, 403]);
    }
    expect(await roleOf('pat.new')).toBe('');

    const given = await h.http().put('/api/users/pat.new/role').set(h.as('admin')).send({ role: 'lead' });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ id: 'pat.new', role: 'lead', displayName: 'Pat New' });
    // Both changes of access are in the access log: the user the provider's sign-in made, and the role the administrator gave.
    const log = await h.http().get('/api/access-log').set(h.as('auditor'));
    const aboutPat = (log.body.entries as { actor: unknown; action: string; subject: string; details: Record<string, unknown> }[]).filter((e) => e.subject === 'pat.new');
    expect(aboutPat.map((e) => [e.action, e.actor])).toEqual([
      ['user-created', { kind: 'identity-provider', issuer: ISSUER }],
      ['token-created', { kind: 'system', id: 'server' }],
      ['role-given', { kind: 'user', id: 'admin.user', role: 'admin' }],
    ]);
    expect(aboutPat[2].details).toMatchObject({ from: '', to: 'lead' });
    const now = await h.http().get('/api/session').set({ Authorization: `Bearer ${token}` });
    expect(now.body.signedInAs).toEqual({ id: 'pat.new', role: 'lead' });
  });

  it('refuses a role that does not exist, an unknown user, an extra field and the last administrator giving up the role', async () => {
    const put = (user: string, body: object) => h.http().put(`/api/users/${user}/role`).set(h.as('admin')).send(body);
    const unknownRole = await put('qa.user', { role: 'superuser' });
    expect([unknownRole.status, unknownRole.body.fields]).toEqual([400, [{ field: 'role', message: 'use one of admin, board, lead, qa, inspector, auditor' }]]);
    expect((await put('qa.user', { role: 'board', actor: 'someone.else' })).status).toBe(400);
    expect((await put('no.such.user', { role: 'qa' })).status).toBe(404);
    const own = await put('admin.user', { role: 'inspector' });
    expect([own.status, own.body.rule]).toEqual([409, 'last-admin']);
    expect(await roleOf('qa.user')).toBe('qa');
    expect(await roleOf('admin.user')).toBe('admin');
  });

  it('knows a person by issuer and subject: a new user name or e-mail at the provider is the same person, the same subject at another issuer is not', async () => {
    await identities.signedIn(ISSUER, { sub: 'sub-kim', preferred_username: 'kim.hart@council.example' });
    expect((await identities.signedIn(ISSUER, { sub: 'sub-kim', preferred_username: 'kim.jones@council.example' })).userId).toBe('kim.hart');
    const elsewhere = await identities.signedIn('https://accounts.google.com', { sub: 'sub-kim', preferred_username: 'kim.hart@council.example' });
    expect(elsewhere).toMatchObject({ userId: 'kim.hart-2', role: '', created: true });
  });

  it('never attaches a provider account to an existing user by name or e-mail', async () => {
    const claimant = await identities.signedIn(ISSUER, { sub: 'sub-claimant', preferred_username: 'qa.user@council.example', email: 'qa.user@council.example', groups: ['staff'] });
    expect(claimant).toMatchObject({ userId: 'qa.user-2', role: '', created: true });
    expect(await roleOf('qa.user')).toBe('qa');
  });

  it('follows the group claim at every sign-in, and takes away only a role the claim gave', async () => {
    const signIn = (groups: string[]) => identities.signedIn(ISSUER, { sub: 'sub-lee', preferred_username: 'lee.quality@council.example', groups });
    expect(await signIn(['staff', 'g-qa'])).toMatchObject({ userId: 'lee.quality', role: 'qa', created: true });
    expect((await signIn(['g-board', 'g-qa'])).role).toBe('qa');
    expect((await signIn(['g-board'])).role).toBe('board');
    // Left the mapped groups: the role they gave goes.
    expect((await signIn(['staff'])).role).toBe('');
    // A role given by an administrator stays while no mapped group says otherwise…
    await h.http().put('/api/users/lee.quality/role').set(h.as('admin')).send({ role: 'inspector' });
    expect((await signIn(['staff'])).role).toBe('inspector');
    // …and the mapping decides when one does.
    expect((await signIn(['g-qa'])).role).toBe('qa');
    expect(await roleOf('lee.quality')).toBe('qa');
  });

  it('offers "Sign in with Microsoft" on the sign-in page, keeping the page asked for', async () => {
    const page = await h.http().get('/sign-in?next=%2Freview');
    expect(page.text).toContain('href="/sign-in/oidc?next=%2Freview"');
    expect(page.text).toContain('Sign in with Microsoft');
  });
});

describe('without OIDC settings', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('no-oidc');
  });
  afterAll(() => h.close());

  it('has no "Sign in with …" and no OIDC routes', async () => {
    expect((await h.http().get('/sign-in')).text).not.toContain('Sign in with');
    expect((await h.http().get('/sign-in/oidc')).status).toBe(404);
    expect((await h.http().get('/sign-in/oidc/callback?code=x&state=y')).status).toBe(404);
  });
});
