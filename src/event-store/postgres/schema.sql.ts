import { createHash } from 'node:crypto';

/** A schema name quoted for SQL: the schema is configuration, never user input, but a quote in it must still not end the identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The key of the transaction-level advisory lock every append holds (see postgres-event-store.ts):
 * one per schema, so two logs in one database (two test runs, two tenants) do not queue behind each
 * other. pg_advisory_xact_lock takes a bigint; the first 8 bytes of a SHA-256 give a stable one.
 * `signer` is the session lock the one signing server holds (src/audit/signer-leadership.ts).
 */
export function appendLockKey(schema: string, purpose: 'append' | 'ddl' | 'signer'): string {
  return createHash('sha256').update(`plan-audit:${purpose}:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * The log's table in PostgreSQL. `data` and `metadata` are `json`, not `jsonb`: json keeps the
 * canonical text exactly as sealed (jsonb reorders keys and reformats numbers), and PostgreSQL
 * still refuses text that is not JSON. Positions are assigned by the append under the advisory
 * lock (max + 1), not by a sequence: a sequence hands numbers out in call order and a rollback
 * leaves holes, and the log's positions run 1, 2, 3… as SQLite's do.
 *
 * Append-only is the database's rule, not just ours: statement-level triggers refuse every UPDATE,
 * DELETE and TRUNCATE (statement-level, so even one that would touch no row is refused). The
 * table's owner could still disable a trigger: the server should connect as a role that owns
 * nothing and holds only SELECT and INSERT (docs/architecture.md, "The log on PostgreSQL").
 */
export function eventTableDdl(schema: string): string {
  const s = quoteIdentifier(schema);
  const lockKey = appendLockKey(schema, 'append');
  const channel = appendedChannel(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.events (
  global_position bigint  PRIMARY KEY,
  stream_id       text    NOT NULL,
  stream_version  integer NOT NULL,
  event_id        text    NOT NULL UNIQUE,
  type            text    NOT NULL,
  schema_version  integer NOT NULL,
  data            json    NOT NULL,
  metadata        json    NOT NULL,
  prev_hash       text,
  hash            text    NOT NULL,
  UNIQUE (stream_id, stream_version)
);

-- The one way rows go in (see postgres-event-store.ts): takes the append lock, then reads the log's
-- head and inserts the sealed rows at head + 1, head + 2… A volatile plpgsql function reads with a
-- fresh snapshot per statement, so the head is read after the lock is granted, when every earlier
-- append has committed. Called as a statement of its own, it commits on return, still holding the
-- lock: no network round trip happens while the lock is held.
CREATE OR REPLACE FUNCTION ${s}.append_events(
  stream_ids text[], stream_versions integer[], event_ids text[], types text[], schema_versions integer[],
  datas json[], metadatas json[], prev_hashes text[], hashes text[]
) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKey});
  SELECT coalesce(max(global_position), 0) INTO head FROM ${s}.events;
  INSERT INTO ${s}.events (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash)
    SELECT head + r.n, r.stream_id, r.stream_version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.prev_hash, r.hash
      FROM unnest(stream_ids, stream_versions, event_ids, types, schema_versions, datas, metadatas, prev_hashes, hashes)
           WITH ORDINALITY AS r(stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash, n);
  PERFORM pg_notify('${channel}', (head + cardinality(hashes))::text);
  RETURN head;
END
$$;

CREATE OR REPLACE FUNCTION ${s}.events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed; record a correcting or redacting event instead', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ${s}.events FOR EACH STATEMENT EXECUTE FUNCTION ${s}.events_refuse_change();

CREATE OR REPLACE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON ${s}.events FOR EACH STATEMENT EXECUTE FUNCTION ${s}.events_refuse_change();
`;
}

/** The channel an append notifies on commit, one per schema (a channel name is an identifier: at most 63 bytes). */
export function appendedChannel(schema: string): string {
  return `plan_audit_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/**
 * What the role the servers connect as is granted: read and insert, nothing else. It owns nothing,
 * so it can neither UPDATE, DELETE nor TRUNCATE (no privilege), nor disable the triggers, nor drop
 * the table (only an owner can). The schema is created beforehand by its owner (a migration role,
 * or a first start as the owner: the events and checkpoints tables both exist by then), after which
 * the store creates nothing, finding them there. Run by the owner; see
 * docs/architecture.md ("The log on PostgreSQL").
 */
export function appendOnlyRoleGrants(schema: string, role: string): string {
  const s = quoteIdentifier(schema);
  const r = quoteIdentifier(role);
  return `
REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r};
GRANT USAGE ON SCHEMA ${s} TO ${r};
GRANT SELECT, INSERT ON ${s}.events TO ${r};
GRANT SELECT, INSERT ON ${s}.checkpoints TO ${r};
GRANT EXECUTE ON FUNCTION ${s}.append_events(text[], integer[], text[], text[], integer[], json[], json[], text[], text[]) TO ${r};
`;
}
