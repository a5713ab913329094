import Database from 'better-sqlite3';
import { join } from 'node:path';
import { accessEntryHash } from '../../src/auth/access-log';
import { AccessActor } from '../../src/auth/access-log-entry';
import { cliAdmin, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

interface Row {
  position: number;
  actor: string;
  details: string;
  prevHash: string | null;
  hash: string;
}

/**
 * The access log as an attacker with write access to auth.sqlite would try it:
 * the append-only triggers stop a plain UPDATE, and once they are dropped, every
 * kind of edit is named by verify-access-log (exit 6) at the first entry it breaks.
 */
describe('access log tampering', () => {
  const database = tempDatabase('access-log-tamper');
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(database.dir, args, env);
  let file: Database.Database;
  let rows: Row[];

  beforeAll(() => {
    const admin = cliAdmin(database.dir);
    expect(cli(['add-user', '--id', 'lead.jo', '--role', 'lead'], admin).status).toBe(0);
    expect(cli(['create-token', '--user', 'lead.jo', '--name', 'laptop'], admin).status).toBe(0);
    expect(cli(['disable-user', '--user', 'lead.jo', '--reason', 'left the council'], admin).status).toBe(0);
    file = new Database(join(database.dir, 'auth.sqlite'));
    rows = file.prepare('SELECT position, actor, details, prevHash, hash FROM access_log ORDER BY position').all() as Row[];
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4]);
  });
  afterAll(() => {
    file.close();
    database.remove();
  });

  const verify = () => cli(['verify-access-log']);
  /** The attacker's first move each time: the CLI puts the triggers back whenever it opens the file. */
  const dropTriggers = () => file.exec('DROP TRIGGER IF EXISTS access_log_reject_update; DROP TRIGGER IF EXISTS access_log_reject_delete;');
  const put = (position: number, fields: Partial<Row>) => {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`).join(', ');
    file.prepare(`UPDATE access_log SET ${sets} WHERE position = @position`).run({ ...fields, position });
  };
  const restore = (row: Row) => put(row.position, { actor: row.actor, details: row.details, prevHash: row.prevHash, hash: row.hash });

  it('refuses UPDATE and DELETE while the append-only triggers stand', () => {
    expect(() => put(2, { details: '{}' })).toThrow(/append-only/);
    expect(() => file.prepare('DELETE FROM access_log WHERE position = 4').run()).toThrow(/append-only/);
    expect(verify().status).toBe(0);
  });

  it('names an entry whose content was changed', () => {
    dropTriggers();
    // Make it look as though lead.jo was created an administrator.
    put(2, { details: rows[1].details.replace('"role":"lead"', '"role":"admin"') });
    const result = verify();
    expect(result.status).toBe(6);
    expect(result.stderr).toMatch(/access log entry #2 does not match \(altered\)/);
    dropTriggers();
    restore(rows[1]);
    expect(verify().status).toBe(0);
  });

  it('names the next entry when the changed one was re-hashed to match', () => {
    // Hide who disabled the account: a new actor, and the entry's hash recomputed as the attacker would.
    const actor: AccessActor = { kind: 'user', id: 'someone.else', role: 'admin' };
    const entry = file.prepare('SELECT * FROM access_log WHERE position = 3').get() as Record<string, string | number | null>;
    const forged = accessEntryHash({ position: 3, recordedAt: String(entry.recordedAt), actor, action: String(entry.action), subject: String(entry.subject), details: JSON.parse(String(entry.details)), prevHash: entry.prevHash as string });
    dropTriggers();
    put(3, { actor: JSON.stringify(actor), hash: forged });
    const result = verify();
    expect(result.status).toBe(6);
    expect(result.stderr).toMatch(/access log entry #4 does not match \(broken-link\)/);
    dropTriggers();
    restore(rows[2]);
    expect(verify().status).toBe(0);
  });

  it('names the gap where an entry was removed', () => {
    dropTriggers();
    file.prepare('DELETE FROM access_log WHERE position = 3').run();
    const result = verify();
    expect(result.status).toBe(6);
    expect(result.stderr).toMatch(/access log entry #4 does not match \(gap\): expected entry 3, found 4/);
  });
});
