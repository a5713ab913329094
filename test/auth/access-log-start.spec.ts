import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * An auth file from before the access log: its users are there already. The log
 * begins by stating who had access then, so an auditor reading it from the top
 * sees everyone who can act; after that, changes are chained on as usual.
 */
describe('an access log begun on an existing auth file', () => {
  const database = tempDatabase('access-log-start');
  afterAll(() => database.remove());

  it('starts with the users already on record, then chains on the changes after', () => {
    const file = new Database(join(database.dir, 'auth.sqlite'));
    file.exec(`
      CREATE TABLE users (id text PRIMARY KEY NOT NULL, displayName text NOT NULL, role text NOT NULL, passwordHash text, createdAt text NOT NULL, plans text);
      CREATE TABLE api_tokens (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, userId text NOT NULL, name text NOT NULL, tokenHash text NOT NULL, createdAt text NOT NULL, revokedAt text);
      CREATE TABLE sessions (idHash text PRIMARY KEY NOT NULL, userId text NOT NULL, expiresAt text NOT NULL);
      INSERT INTO users VALUES ('lead.jo', 'Jo', 'lead', NULL, '2020-01-01T00:00:00.000Z', 'sunderland-2017');
      INSERT INTO users VALUES ('qa.sam', 'Sam', 'qa', NULL, '2020-01-01T00:00:00.000Z', NULL);
      INSERT INTO api_tokens (userId, name, tokenHash, createdAt, revokedAt) VALUES ('lead.jo', 'ci', 'x', '2020-01-02T00:00:00.000Z', NULL);
    `);
    file.close();

    // No administrator yet: the bootstrap still works, after the users on record.
    expect(runCli(database.dir, ['add-user', '--id', 'admin.ann', '--role', 'admin'], { PLAN_AUDIT_NEW_PASSWORD: 'a long enough passphrase' }).status).toBe(0);
    const listed = runCli(database.dir, ['access-log', '--json']);
    const entries = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(entries.map((e) => [e.position, e.actor.kind === 'system' ? e.actor.id : e.actor.kind, e.action, e.subject])).toEqual([
      [1, 'access-log-start', 'user-on-record', 'lead.jo'],
      [2, 'access-log-start', 'user-on-record', 'qa.sam'],
      [3, 'bootstrap', 'bootstrap', 'admin.ann'],
    ]);
    expect(entries[0].details).toEqual({ role: 'lead', displayName: 'Jo', plans: ['sunderland-2017'], password: false, tokens: 1 });
    expect(runCli(database.dir, ['verify-access-log']).status).toBe(0);
  });
});
