import { Pool } from 'pg';
import { ADD_CHECKPOINT_ARGUMENTS, appendLockKey, quoteIdentifier } from '../event-store/postgres/schema.sql';
import { appendOnlyTriggers } from '../event-store/postgres/append-only-triggers.sql';
import { CheckpointRow, originColumn, toCheckpoint } from './checkpoint-row';
import { CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';

/**
 * Checkpoints in their own table beside the log's, in the same schema: backed up with it, never
 * read by readAll, so never leaves of the tree. Append-only for the same reason the log is, and
 * refused by the database the same way (triggers on UPDATE, DELETE and TRUNCATE). Rows go in
 * through add_checkpoint, so the servers' role needs no INSERT on the table.
 */
export function checkpointTableDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  return `
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  tree_size  bigint PRIMARY KEY,
  root_hash  text   NOT NULL,
  taken_at   text   NOT NULL,
  key_id     text   NOT NULL,
  signature  text   NOT NULL,
  resume     text   NOT NULL,
  origin     text
);

${appendOnlyTriggers(s, 'checkpoints', 'checkpoints are append-only: % is not allowed', 'checkpoints_refuse_change')}
-- The one way the servers' role adds a checkpoint (it holds no INSERT on the table:
-- appendOnlyRoleGrants in src/event-store/postgres/schema.sql.ts). SECURITY DEFINER with a fixed
-- search_path, as append_events is; it refuses a checkpoint claiming more events than the log
-- holds, which no signer of this log can have taken. A tree size already signed is kept once
-- (several servers may sign the same head): false, nothing written.
CREATE OR REPLACE FUNCTION ${s}.add_checkpoint(
  new_tree_size bigint, new_root_hash text, new_taken_at text, new_key_id text, new_signature text, new_resume text, new_origin text
) RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  added integer;
BEGIN
  IF new_tree_size > (SELECT coalesce(max(global_position), 0) FROM ${s}.events) THEN
    RAISE EXCEPTION 'a checkpoint of % events is beyond the head of the log', new_tree_size USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO ${s}.checkpoints (tree_size, root_hash, taken_at, key_id, signature, resume, origin)
    VALUES (new_tree_size, new_root_hash, new_taken_at, new_key_id, new_signature, new_resume, new_origin)
    ON CONFLICT (tree_size) DO NOTHING;
  GET DIAGNOSTICS added = ROW_COUNT;
  RETURN added = 1;
END
$$;
REVOKE ALL ON FUNCTION ${s}.add_checkpoint(${ADD_CHECKPOINT_ARGUMENTS}) FROM PUBLIC;
`;
}

export class PostgresCheckpointStore implements CheckpointStore {
  private readonly table: string;
  private ready: Promise<void> | undefined;

  /** @param pool the event store's pool (PostgresEventStore.connection); @param schema the log's schema. */
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    this.table = `${quoteIdentifier(schema)}.checkpoints`;
  }

  /** Creates the table and its function when missing (checked first, so a role that may not create starts on an administrator's table). */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      const fn = `${quoteIdentifier(this.schema)}.add_checkpoint(${ADD_CHECKPOINT_ARGUMENTS})`;
      const { rows } = await this.pool.query<{ table: string | null; fn: string | null }>('SELECT to_regclass($1) AS table, to_regprocedure($2) AS fn', [this.table, fn]);
      if (rows[0].table && rows[0].fn) return;
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        // The event store's DDL lock, not one of its own: both run CREATE SCHEMA IF NOT EXISTS, which two
        // transactions at once can fail with a duplicate key in pg_namespace (a server's first start on an empty database).
        await client.query(`SELECT pg_advisory_xact_lock(${appendLockKey(this.schema, 'ddl')})`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
        await client.query(checkpointTableDdl(this.schema));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async list(): Promise<StoredCheckpoint[]> {
    await this.ensureReady();
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT tree_size::float8 AS tree_size, root_hash, taken_at, key_id, signature, resume, origin FROM ${this.table} ORDER BY tree_size`);
    return rows.map(toCheckpoint);
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    await this.ensureReady();
    const { rows } = await this.pool.query<CheckpointRow>(`SELECT tree_size::float8 AS tree_size, root_hash, taken_at, key_id, signature, resume, origin FROM ${this.table} ORDER BY tree_size DESC LIMIT 1`);
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  }

  async add(c: StoredCheckpoint): Promise<boolean> {
    await this.ensureReady();
    const { rows } = await this.pool.query<{ added: boolean }>(
      `SELECT ${quoteIdentifier(this.schema)}.add_checkpoint($1, $2, $3, $4, $5, $6, $7) AS added`,
      [c.treeSize, c.rootHash, c.takenAt, c.keyId, c.signature, JSON.stringify(c.resume), originColumn(c)],
    );
    return rows[0].added;
  }
}
