import { Pool } from 'pg';
import { appendLockKey, quoteIdentifier } from '../event-store/postgres/schema.sql';
import { CheckpointRow, originColumn, toCheckpoint } from './checkpoint-row';
import { CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';

/**
 * Checkpoints in their own table beside the log's, in the same schema: backed up with it, never
 * read by readAll, so never leaves of the tree. Append-only for the same reason the log is, and
 * refused by the database the same way (triggers on UPDATE, DELETE and TRUNCATE).
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

CREATE OR REPLACE FUNCTION ${s}.checkpoints_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'checkpoints are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER checkpoints_refuse_change
  BEFORE UPDATE OR DELETE ON ${s}.checkpoints FOR EACH STATEMENT EXECUTE FUNCTION ${s}.checkpoints_refuse_change();

CREATE OR REPLACE TRIGGER checkpoints_refuse_truncate
  BEFORE TRUNCATE ON ${s}.checkpoints FOR EACH STATEMENT EXECUTE FUNCTION ${s}.checkpoints_refuse_change();
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

  /** Creates the table when missing (checked first, so a role that may not create starts on an administrator's table). */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      const { rows } = await this.pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [this.table]);
      if (rows[0].found) return;
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
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.table} (tree_size, root_hash, taken_at, key_id, signature, resume, origin) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tree_size) DO NOTHING`,
      [c.treeSize, c.rootHash, c.takenAt, c.keyId, c.signature, JSON.stringify(c.resume), originColumn(c)],
    );
    return rowCount === 1;
  }
}
