import { DataSource, DataSourceOptions } from 'typeorm';
import { AccessLog } from '../../src/auth/access-log';
import { authConnectionOptions, authDatabaseOn } from '../../src/auth/auth.module';
import { ExternalIdentities } from '../../src/auth/oidc/external-identities.service';
import { preparePostgresAuth } from '../../src/auth/postgres-auth-database';
import { AppConfig, loadConfig } from '../../src/config';
import { postgresUnavailable, tempSchema, TEST_DATABASE_URL } from '../support/postgres';
import { tempDatabase } from '../support/temp-database';

const OIDC = { roleClaim: 'groups', roleMap: [{ value: 'plan-qa', role: 'qa' as const }] };
const ISSUER = 'https://login.council.example';

/**
 * A person signing in with the council's identity provider, on each auth store: the first sign-in
 * makes the user (with the role their group maps to), a later one without the group takes that role
 * away, and each is an entry in the access log by the identity provider. (The browser flow itself is
 * test/web/oidc-sign-in.spec.ts, which needs Chromium; this is the SQL behind it, on both stores.)
 */
const unavailable = postgresUnavailable();
const stores: [string, boolean][] = [['SQLite', true], ['PostgreSQL', !unavailable]];
if (unavailable) process.stdout.write(`SKIPPED: the PostgreSQL leg of "identities at the provider, on each auth store" — ${unavailable}\n`);

describe.each(stores)('identities at the provider, on %s', (store, available) => {
  const folder = tempDatabase('external-identities');
  const schema = tempSchema('external_identities');
  let dataSource: DataSource;
  let identities: ExternalIdentities;
  let accessLog: AccessLog;

  const runIt = available ? it : it.skip;

  beforeAll(async () => {
    if (!available) return;
    const env = store === 'PostgreSQL' ? { DATA_DIR: folder.dir, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.name } : { DATA_DIR: folder.dir };
    const config: AppConfig = { ...loadConfig(env), oidc: OIDC as unknown as AppConfig['oidc'] };
    dataSource = await new DataSource(authConnectionOptions(config) as DataSourceOptions).initialize();
    if (store === 'PostgreSQL') await preparePostgresAuth(dataSource, schema.name);
    accessLog = new AccessLog(authDatabaseOn(dataSource, config));
    identities = new ExternalIdentities(accessLog, config);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (store === 'PostgreSQL' && available) await schema.drop();
    folder.remove();
  });

  runIt('makes the user at the first sign-in, takes away the role the group gave when the group goes, and logs both', async () => {
    const first = await identities.signedIn(ISSUER, { sub: 'abc-123', preferred_username: 'sam.jones@council.example', name: 'Sam Jones', groups: ['plan-qa'] });
    expect(first).toEqual({ userId: 'sam.jones', displayName: 'Sam Jones', role: 'qa', created: true });
    // Another person whose name would give the same id gets the next free one.
    const namesake = await identities.signedIn(ISSUER, { sub: 'def-456', preferred_username: 'sam.jones@other.example' });
    expect(namesake.userId).not.toBe('sam.jones');
    expect(namesake).toMatchObject({ role: '', created: true });

    const later = await identities.signedIn(ISSUER, { sub: 'abc-123', preferred_username: 'sam.jones@council.example', groups: [] });
    expect(later).toEqual({ userId: 'sam.jones', displayName: 'Sam Jones', role: '', created: false });

    const entries = await accessLog.entries({ subject: 'sam.jones' });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['user-created', { kind: 'identity-provider', issuer: ISSUER }],
      ['role-given', { kind: 'identity-provider', issuer: ISSUER }],
    ]);
    expect(entries[1].details).toMatchObject({ from: 'qa', to: null });
    expect(await accessLog.verify()).toEqual({ entries: 3, headHash: expect.any(String) });
  });
});
