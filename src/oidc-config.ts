import { isRole, Role, ROLES } from './domain/roles';

/**
 * Sign-in with the council's identity provider (OpenID Connect): off unless
 * OIDC_ISSUER is set, and then every setting it needs must be there and make
 * sense, or the server does not start. Password sign-in stays as it is.
 */
export interface OidcConfig {
  /** The provider's issuer identifier, e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where people open this server; the provider sends them back to <publicUrl>/sign-in/oidc/callback. */
  publicUrl: URL;
  redirectUri: URL;
  scopes: string;
  /** Shown on the button: "Sign in with <providerName>". */
  providerName: string;
  /** The claim holding the person's groups or roles, e.g. "groups"; absent when roles are given by an administrator only. */
  roleClaim?: string;
  /** Value of the role claim → role, in the order given: the first that matches wins. */
  roleMap: { value: string; role: Role }[];
  /**
   * http:// is allowed only on this machine (a provider started by a test, a
   * developer's laptop); everywhere else the provider and this server are https.
   */
  allowInsecureRequests: boolean;
}

export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function loadOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const set = (name: string) => env[name]?.trim() || undefined;
  if (!set('OIDC_ISSUER')) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM', 'OIDC_ROLE_MAP'].filter(set);
    if (stray.length > 0) throw new Error(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but OIDC_ISSUER is not: set OIDC_ISSUER to your identity provider's issuer URL to turn on sign-in with it`);
    return undefined;
  }
  const missing = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL'].filter((name) => !set(name));
  if (missing.length > 0) {
    throw new Error(`OIDC_ISSUER is set, so ${missing.join(', ')} must be set too (the client id and secret from the provider's app registration, and PUBLIC_URL, the address people open this server at, e.g. https://plans.example.gov.uk)`);
  }
  const issuer = webAddress('OIDC_ISSUER', set('OIDC_ISSUER')!);
  const publicUrl = webAddress('PUBLIC_URL', set('PUBLIC_URL')!);
  if (publicUrl.search || publicUrl.hash) throw new Error(`PUBLIC_URL must be the server's address alone, without ?query or #fragment, not "${env.PUBLIC_URL}"`);
  const scopes = (set('OIDC_SCOPES') ?? 'openid profile email').split(/\s+/).join(' ');
  if (!scopes.split(' ').includes('openid')) throw new Error(`OIDC_SCOPES must include openid, not "${env.OIDC_SCOPES}"`);
  const roleClaim = set('OIDC_ROLE_CLAIM');
  const roleMap = parseRoleMap(set('OIDC_ROLE_MAP'));
  if (roleMap.length > 0 && !roleClaim) throw new Error('OIDC_ROLE_MAP is set but OIDC_ROLE_CLAIM is not: name the claim that holds the groups, e.g. OIDC_ROLE_CLAIM=groups');
  if (roleClaim && roleMap.length === 0) throw new Error(`OIDC_ROLE_CLAIM is ${roleClaim} but OIDC_ROLE_MAP is not set: map its values to roles, e.g. OIDC_ROLE_MAP=<group-id>=qa,<group-id>=board`);
  const base = publicUrl.href.replace(/\/+$/, '');
  return {
    issuer,
    clientId: set('OIDC_CLIENT_ID')!,
    clientSecret: set('OIDC_CLIENT_SECRET')!,
    publicUrl,
    redirectUri: new URL(`${base}${OIDC_CALLBACK_PATH}`),
    scopes,
    providerName: set('OIDC_PROVIDER_NAME') ?? nameOf(issuer),
    ...(roleClaim ? { roleClaim } : {}),
    roleMap,
    allowInsecureRequests: issuer.protocol === 'http:',
  };
}

/** An https address, or http on this machine only: a client secret and the sign-in code must not cross a network in clear text. */
function webAddress(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a web address such as https://login.microsoftonline.com/<tenant>/v2.0, not "${value}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  throw new Error(`${name} must start with https:// (http:// only for localhost), not "${value}"`);
}

/** "<value>=<role>,<value>=<role>": group ids (Entra ID object ids) or names, each to one role. */
function parseRoleMap(text: string | undefined): { value: string; role: Role }[] {
  if (!text) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf('=');
      const value = entry.slice(0, at).trim();
      const role = entry.slice(at + 1).trim();
      if (at <= 0 || !value) throw new Error(`OIDC_ROLE_MAP entries are <group>=<role>, not "${entry}"`);
      if (!isRole(role)) throw new Error(`OIDC_ROLE_MAP maps "${value}" to "${role}", which is not a role: use one of ${ROLES.join(', ')}`);
      return { value, role };
    });
}

/** What people call the provider, for the button, when OIDC_PROVIDER_NAME does not say. */
function nameOf(issuer: URL): string {
  if (issuer.hostname === 'login.microsoftonline.com') return 'Microsoft';
  if (issuer.hostname === 'accounts.google.com') return 'Google';
  return 'your council account';
}
