// A real OpenID provider for the sign-in tests: `oidc-provider` (a certified
// implementation), run as its own Node process because it is an ES module that
// jest's module loader cannot load. Its login and consent pages are the
// provider's own development pages ("devInteractions"): any password is taken,
// but only the accounts named below exist.
//
// Settings come from the environment, as JSON:
//   OIDC_TEST_CLIENT   {"client_id","client_secret","redirect_uris":[...]}
//   OIDC_TEST_ACCOUNTS {"<login>": {claims...}, ...}   (the login is the subject)
// It listens on a free port of 127.0.0.1, names itself http://localhost:<port>
// (another site than the server under test at 127.0.0.1, as a real provider
// is), and prints "OpenID provider at <issuer>" once it is listening.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT ?? '{}');
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://localhost:${server.address().port}`;

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
  // As Entra ID does when the app registration asks for the groups claim: the
  // user's groups (object ids) are in the ID token, whatever the scope.
  claims: { openid: ['sub', 'groups'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  // Put the profile and e-mail claims in the ID token too (Entra ID and Google do).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'test-signing-key' }] },
  findAccount: (_ctx, id) =>
    Object.hasOwn(accounts, id)
      ? { accountId: id, claims: () => ({ ...accounts[id], sub: id }) }
      : undefined,
});
// Keep the console readable: the warnings about development-only features are expected here.
provider.on('server_error', (_ctx, error) => process.stderr.write(`provider error: ${error.stack}\n`));

server.on('request', provider.callback());
process.stdout.write(`OpenID provider at ${issuer}\n`);
// At once: a closing server would wait for the keep-alive connections of the browser and the server under test.
process.on('SIGTERM', () => process.exit(0));
