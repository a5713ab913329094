import { createHash } from 'node:crypto';
import { appendOnlyTriggers } from './append-only-triggers.sql';

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
 * nothing and holds only SELECT, and EXECUTE on the append function (docs/architecture.md, "The
 * log on PostgreSQL").
 */
/** The append function's argument types, as GRANT, REVOKE and to_regprocedure name it. */
export const APPEND_EVENTS_ARGUMENTS = 'integer[], text[], integer[], text[], text[], integer[], json[], json[], text[], text[]';

/** The checkpoint function's argument types (src/audit/postgres-checkpoint-store.ts), named here so the grants below can name it. */
export const ADD_CHECKPOINT_ARGUMENTS = 'bigint, text, text, text, text, text, text';

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

-- The one way rows go in (see postgres-event-store.ts and group-commit.ts): takes the append lock,
-- reads the log's head, then for each group of rows (one caller's append, all or nothing) checks
-- that every stream it extends is still where the caller sealed onto it (the first row's version
-- is the stream's head + 1 and its prev_hash the head's hash) and inserts the group at head + 1,
-- head + 2…, or leaves it out. It returns, per group, the position before its first row, or NULL
-- for a group left out (a stream head moved: the caller reads the heads again). A volatile
-- plpgsql function reads with a fresh snapshot per statement, so the head is read after the lock
-- is granted, when every earlier append has committed, and each group's check sees the groups
-- inserted before it. Called as a statement of its own, it commits on return, still holding the
-- lock: no network round trip happens while the lock is held, and one commit (one WAL flush)
-- serves every group in the call.
--
-- SECURITY DEFINER, owned by the schema's owner, with a fixed search_path: the servers' role holds
-- no INSERT on the table (appendOnlyRoleGrants), so this function, which takes the lock, is the
-- only way it can add a row; nobody can write a position out of order. EXECUTE is revoked from
-- PUBLIC (every function's default) and granted to that role alone.
DROP FUNCTION IF EXISTS ${s}.append_events(text[], integer[], text[], text[], integer[], json[], json[], text[], text[]);
CREATE OR REPLACE FUNCTION ${s}.append_events(
  group_ends integer[], stream_ids text[], stream_versions integer[], event_ids text[], types text[], schema_versions integer[],
  datas json[], metadatas json[], prev_hashes text[], hashes text[]
) RETURNS bigint[] LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head bigint;
  start_head bigint;
  first_row integer := 1;
  last_row integer;
  befores bigint[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(${lockKey});
  SELECT coalesce(max(global_position), 0) INTO head FROM ${s}.events;
  start_head := head;
  FOREACH last_row IN ARRAY group_ends LOOP
    IF EXISTS (
      SELECT 1
        FROM (SELECT DISTINCT ON (r.stream_id) r.stream_id, r.stream_version, r.prev_hash
                FROM unnest(stream_ids[first_row:last_row], stream_versions[first_row:last_row], prev_hashes[first_row:last_row]) AS r(stream_id, stream_version, prev_hash)
               ORDER BY r.stream_id, r.stream_version) AS f
        LEFT JOIN LATERAL (SELECT e.stream_version, e.hash FROM ${s}.events AS e WHERE e.stream_id = f.stream_id ORDER BY e.stream_version DESC LIMIT 1) AS h ON true
       WHERE f.stream_version <> coalesce(h.stream_version, -1) + 1 OR f.prev_hash IS DISTINCT FROM h.hash
    ) THEN
      befores := befores || NULL::bigint;
    ELSE
      INSERT INTO ${s}.events (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash)
        SELECT head + r.n, r.stream_id, r.stream_version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.prev_hash, r.hash
          FROM unnest(stream_ids[first_row:last_row], stream_versions[first_row:last_row], event_ids[first_row:last_row], types[first_row:last_row],
                      schema_versions[first_row:last_row], datas[first_row:last_row], metadatas[first_row:last_row], prev_hashes[first_row:last_row], hashes[first_row:last_row])
               WITH ORDINALITY AS r(stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash, n);
      befores := befores || head;
      head := head + (last_row - first_row + 1);
    END IF;
    first_row := last_row + 1;
  END LOOP;
  IF head > start_head THEN
    PERFORM pg_notify('${channel}', head::text);
  END IF;
  RETURN befores;
END
$$;
REVOKE ALL ON FUNCTION ${s}.append_events(${APPEND_EVENTS_ARGUMENTS}) FROM PUBLIC;

${appendOnlyTriggers(s, 'events', 'events are append-only: % is not allowed; record a correcting or redacting event instead')}`;
}

/** The channel an append notifies on commit, one per schema (a channel name is an identifier: at most 63 bytes). */
export function appendedChannel(schema: string): string {
  return `plan_audit_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/**
 * What the role the servers connect as is granted: read, and add rows only through the two
 * SECURITY DEFINER functions (append_events, which takes the append lock so positions are
 * committed in order; add_checkpoint, which refuses a checkpoint beyond the log's head). No INSERT
 * on either table: a row inserted straight into events would skip the lock, and could take a
 * position out of order or leave a hole. It owns nothing, so it can neither UPDATE, DELETE nor
 * TRUNCATE (no privilege), nor disable the triggers, nor drop the table (only an owner can). The schema is created beforehand by its owner (a migration role,
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
GRANT SELECT ON ${s}.events TO ${r};
GRANT SELECT ON ${s}.checkpoints TO ${r};
GRANT EXECUTE ON FUNCTION ${s}.append_events(${APPEND_EVENTS_ARGUMENTS}) TO ${r};
GRANT EXECUTE ON FUNCTION ${s}.add_checkpoint(${ADD_CHECKPOINT_ARGUMENTS}) TO ${r};
`;
}
