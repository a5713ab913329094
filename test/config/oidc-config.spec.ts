import { loadConfig } from '../../src/config';

const ENTRA = {
  OIDC_ISSUER: 'https://login.microsoftonline.com/7f3a2b1c-0000-4000-8000-000000000001/v2.0',
  OIDC_CLIENT_ID: '0b1d2c3e-0000-4000-8000-000000000002',
  OIDC_CLIENT_SECRET: 'from the app registration',
  PUBLIC_URL: 'https://plans.example.gov.uk',
};

/** Sign-in with the council's identity provider: off unless OIDC_ISSUER is set; half a configuration stops the start with a message naming what is missing. */
describe('OIDC settings from the environment', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('reads an Entra ID set-up, with the redirect URI under PUBLIC_URL and the default scopes', () => {
    const oidc = loadConfig({ ...ENTRA, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'aaaa-1111=qa, bbbb-2222=board' }).oidc!;
    expect(oidc.issuer.href).toBe(ENTRA.OIDC_ISSUER);
    expect(oidc.redirectUri.href).toBe('https://plans.example.gov.uk/sign-in/oidc/callback');
    expect(oidc.scopes).toBe('openid profile email');
    expect(oidc.providerName).toBe('Microsoft');
    expect(oidc.roleClaim).toBe('groups');
    expect(oidc.roleMap).toEqual([
      { value: 'aaaa-1111', role: 'qa' },
      { value: 'bbbb-2222', role: 'board' },
    ]);
    expect(oidc.allowInsecureRequests).toBe(false);
  });

  it('keeps a path in PUBLIC_URL (a server behind a proxy at /plans/)', () => {
    expect(loadConfig({ ...ENTRA, PUBLIC_URL: 'https://intranet.example.gov.uk/plans/' }).oidc!.redirectUri.href).toBe('https://intranet.example.gov.uk/plans/sign-in/oidc/callback');
  });

  it('allows http only for a provider and server on this machine', () => {
    const local = loadConfig({ ...ENTRA, OIDC_ISSUER: 'http://localhost:4000', PUBLIC_URL: 'http://127.0.0.1:3000' }).oidc!;
    expect(local.allowInsecureRequests).toBe(true);
    expect(local.providerName).toBe('your council account');
  });

  it.each([
    ['a client id without an issuer', { OIDC_CLIENT_ID: 'x' }, /OIDC_CLIENT_ID is set but OIDC_ISSUER is not/],
    ['an issuer alone', { OIDC_ISSUER: ENTRA.OIDC_ISSUER }, /OIDC_ISSUER is set, so OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL must be set too/],
    ['no PUBLIC_URL', { ...ENTRA, PUBLIC_URL: undefined }, /so PUBLIC_URL must be set too/],
    ['an issuer that is not a web address', { ...ENTRA, OIDC_ISSUER: 'login.microsoftonline.com/tenant' }, /OIDC_ISSUER must be a web address/],
    ['an http issuer elsewhere than this machine', { ...ENTRA, OIDC_ISSUER: 'http://login.example.com/tenant' }, /OIDC_ISSUER must start with https:\/\/ \(http:\/\/ only for localhost\)/],
    ['an http PUBLIC_URL elsewhere than this machine', { ...ENTRA, PUBLIC_URL: 'http://plans.example.gov.uk' }, /PUBLIC_URL must start with https:\/\//],
    ['a PUBLIC_URL with a query', { ...ENTRA, PUBLIC_URL: 'https://plans.example.gov.uk/?x=1' }, /PUBLIC_URL must be the server's address alone/],
    ['scopes without openid', { ...ENTRA, OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES must include openid/],
    ['a role map without a role claim', { ...ENTRA, OIDC_ROLE_MAP: 'aaaa=qa' }, /OIDC_ROLE_MAP is set but OIDC_ROLE_CLAIM is not/],
    ['a role claim without a role map', { ...ENTRA, OIDC_ROLE_CLAIM: 'groups' }, /OIDC_ROLE_CLAIM is groups but OIDC_ROLE_MAP is not set/],
    ['a role map to a role that does not exist', { ...ENTRA, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'aaaa=superuser' }, /maps "aaaa" to "superuser", which is not a role: use one of admin, board/],
    ['a role map entry without =', { ...ENTRA, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'qa' }, /OIDC_ROLE_MAP entries are <group>=<role>, not "qa"/],
  ])('refuses %s', (_label, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
