import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StoredCheckpoint } from '../../../src/audit/checkpoint-store.port';
import { PostgresCheckpointStore } from '../../../src/audit/postgres-checkpoint-store';
import { NewEvent } from '../../../src/event-store/envelope';
import { NO_STREAM } from '../../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store';
import { appendOnlyRoleGrants } from '../../../src/event-store/postgres/schema.sql';
import { postgresUnavailable, skipWithoutPostgres, TEST_DATABASE_URL, tempSchema } from '../../support/postgres';

/**
 * Append-only is the database's rule: whoever connects, with whatever SQL, cannot change or remove
 * an event. The owner is refused by the triggers; the role the servers should connect as has no
 * privilege to try, nor to disable a trigger or drop the table. Nor can that role add a row except
 * through the SECURITY DEFINER functions: append_events, which takes the append lock (so no row
 * can take a position out of order or leave a hole), and add_checkpoint.
 */
const unavailable = postgresUnavailable();

if (unavailable) {
  skipWithoutPostgres('PostgreSQL log refuses UPDATE, DELETE and TRUNCATE', unavailable);
} else {
  describe('PostgreSQL log refuses UPDATE, DELETE and TRUNCATE', () => {
    const schema = tempSchema('append_only');
    const role = `plan_audit_writer_${randomUUID().slice(0, 8)}`;
    const table = `"${schema.name}".events`;
    let owner: PostgresEventStore;
    let admin: Client;

    beforeAll(async () => {
      owner = new PostgresEventStore({ connectionString: TEST_DATABASE_URL, schema: schema.name });
      await owner.append('plan/1', NO_STREAM, [rated('A'), rated('G')]);
      await new PostgresCheckpointStore(owner.connection, schema.name).list();
      admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
    });
    afterAll(async () => {
      await owner?.close();
      await schema.drop();
      await admin?.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin?.end();
    });

    it('refuses every UPDATE, DELETE and TRUNCATE, even by the owner, and even one that would touch no row', async () => {
      const statements = [
        `UPDATE ${table} SET data = '{"code":"R"}' WHERE stream_version = 0`,
        `UPDATE ${table} SET hash = hash WHERE false`,
        `DELETE FROM ${table} WHERE stream_version = 1`,
        `DELETE FROM ${table}`,
        `TRUNCATE ${table}`,
        `TRUNCATE "${schema.name}".checkpoints`,
        `DELETE FROM "${schema.name}".checkpoints`,
      ];
      for (const sql of statements) await expect(admin.query(sql)).rejects.toThrow(/append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
      const events = await owner.readStream('plan/1');
      expect(events.map((e) => (e.data as { code: string }).code)).toEqual(['A', 'G']);
      expect(await owner.headPosition()).toBe(2);
    });

    it('lets no role call the append function unless granted: EXECUTE is not PUBLIC\'s', async () => {
      const stranger = `${role}_stranger`;
      await admin.query(`CREATE ROLE "${stranger}" LOGIN`);
      await admin.query(`GRANT USAGE ON SCHEMA "${schema.name}" TO "${stranger}"`);
      const url = new URL(TEST_DATABASE_URL);
      url.username = stranger;
      url.password = '';
      const asStranger = new Client({ connectionString: url.toString() });
      await asStranger.connect();
      try {
        await expect(asStranger.query(`SELECT "${schema.name}".append_events('{1}', '{x}', '{0}', '{y}', '{T}', '{1}', '{"{}"}', '{"{}"}', '{NULL}', '{h}')`)).rejects.toThrow(/permission denied for function append_events/);
        await expect(asStranger.query(`SELECT "${schema.name}".add_checkpoint(1, 'r', 't', 'k', 's', '{}', NULL)`)).rejects.toThrow(/permission denied for function add_checkpoint/);
      } finally {
        await asStranger.end();
        await admin.query(`DROP OWNED BY "${stranger}"; DROP ROLE "${stranger}"`);
      }
      expect(await owner.headPosition()).toBe(2);
    });

    it('lets the servers\' role read and append, and nothing more: no change, no removal, no trigger disabled, no drop, no row but through the functions', async () => {
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      await admin.query(appendOnlyRoleGrants(schema.name, role));
      const url = new URL(TEST_DATABASE_URL);
      url.username = role;
      url.password = '';
      const writer = new PostgresEventStore({ connectionString: url.toString(), schema: schema.name, createSchema: false });
      const asWriter = new Client({ connectionString: url.toString() });
      await asWriter.connect();
      try {
        await writer.append('plan/1', 1, [rated('R')]);
        expect((await writer.readStream('plan/1')).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
        const checkpoints = new PostgresCheckpointStore(writer.connection, schema.name);
        expect(await checkpoints.list()).toEqual([]);
        // Through add_checkpoint: a tree of the log's 3 events is kept once; one beyond the head, never.
        expect(await checkpoints.add(checkpoint(3))).toBe(true);
        expect(await checkpoints.add(checkpoint(3))).toBe(false);
        await expect(checkpoints.add(checkpoint(4))).rejects.toThrow(/beyond the head of the log/);
        expect((await checkpoints.list()).map((c) => c.treeSize)).toEqual([3]);
        const refused = [
          `UPDATE ${table} SET type = 'X'`,
          `DELETE FROM ${table}`,
          `TRUNCATE ${table}`,
          `ALTER TABLE ${table} DISABLE TRIGGER events_refuse_update_delete`,
          `DROP TABLE ${table}`,
          `DELETE FROM "${schema.name}".checkpoints`,
          `INSERT INTO ${table} (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash) VALUES (1, 'x', 0, 'y', 'T', 1, '{}', '{}', 'h') ON CONFLICT (global_position) DO UPDATE SET type = 'X'`,
          // A row straight into the table, past the append lock, at a position of its choosing: a hole (5, with the head at 3).
          `INSERT INTO ${table} (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash) VALUES (5, 'x', 0, 'y', 'T', 1, '{}', '{}', 'h')`,
          `INSERT INTO "${schema.name}".checkpoints (tree_size, root_hash, taken_at, key_id, signature, resume) VALUES (2, 'r', 't', 'k', 's', '{}')`,
          `CREATE OR REPLACE FUNCTION "${schema.name}".append_events() RETURNS void LANGUAGE sql AS 'SELECT 1'`,
        ];
        for (const sql of refused) await expect(asWriter.query(sql)).rejects.toThrow(/permission denied|must be owner/);
        expect(await owner.headPosition()).toBe(3);
      } finally {
        await asWriter.end();
        await writer.close();
      }
      expect((await owner.readStream('plan/1')).map((e) => (e.data as { code: string }).code)).toEqual(['A', 'G', 'R']);
    });
  });
}

function checkpoint(treeSize: number): StoredCheckpoint {
  return { treeSize, rootHash: 'ab'.repeat(32), takenAt: '2026-12-06T00:00:00.000Z', keyId: 'cd'.repeat(32), signature: 'c2lnbmVk', resume: { frontier: [], lastPosition: treeSize, lastHash: 'ef'.repeat(32), beforeLastPosition: treeSize - 1 } };
}

function rated(code: string): NewEvent {
  return {
    type: 'RatingChanged',
    schemaVersion: 1,
    data: { code },
    metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2017-01-31T00:00:00.000Z', correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
  };
}
