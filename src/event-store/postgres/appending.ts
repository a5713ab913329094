import { Pool, PoolClient } from 'pg';
import { EventEnvelope } from '../envelope';
import { ANY_VERSION, AppendResult, ConcurrencyError, NO_STREAM, StreamAppend } from '../event-store.port';
import { sealEvent } from '../sealing';
import { quoteIdentifier } from './schema.sql';

/** The statements an append runs, with the schema written in once. */
export function appendStatements(schema: string) {
  const s = quoteIdentifier(schema);
  return {
    // Each named stream's newest version and hash, in one round trip: one backward step down the
    // (stream_id, stream_version) index per stream (DISTINCT ON would read every version of each).
    heads: `SELECT s.id AS stream_id, h.stream_version, h.hash FROM unnest($1::text[]) AS s(id)
              CROSS JOIN LATERAL (SELECT stream_version, hash FROM ${s}.events WHERE stream_id = s.id ORDER BY stream_version DESC LIMIT 1) AS h`,
    // Per group, the position before its first row, or NULL where a stream head had moved (see group-commit.ts).
    appendEvents: `SELECT ${s}.append_events($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::json[], $8::json[], $9::text[], $10::text[])::float8[] AS befores`,
    // For a restore only, inside a transaction holding the append lock: positions given verbatim.
    insert: `INSERT INTO ${s}.events (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::json[], $8::json[], $9::text[], $10::text[])`,
    anyEvent: `SELECT 1 FROM ${s}.events LIMIT 1`,
  };
}
export type AppendStatements = ReturnType<typeof appendStatements>;

export interface StreamHead {
  version: number;
  hash: string | null;
}

export async function readHeads(pool: Pool, statements: AppendStatements, streamIds: string[]): Promise<Map<string, StreamHead>> {
  const { rows } = await pool.query<{ stream_id: string; stream_version: number; hash: string }>(statements.heads, [[...new Set(streamIds)]]);
  const heads = new Map<string, StreamHead>(rows.map((r) => [r.stream_id, { version: r.stream_version, hash: r.hash }]));
  for (const id of streamIds) if (!heads.has(id)) heads.set(id, { version: NO_STREAM, hash: null });
  return heads;
}

/** Sealed rows as the append function takes them, column by column, and the envelopes to hand back once positions are known. */
export interface SealedBatch {
  columns: [string[], number[], string[], string[], number[], string[], string[], (string | null)[], string[]];
  results: AppendResult[];
}

/**
 * Checks each expected version against the heads read and seals the new events onto them, as the
 * SQLite store does (sqlite/appending.ts): the same canonical texts, the same hash. Positions are
 * left at 0: only the database, under the append lock, knows them.
 */
export function sealAppends(appends: StreamAppend[], heads: Map<string, StreamHead>): SealedBatch {
  const recordedAt = new Date().toISOString();
  const columns: SealedBatch['columns'] = [[], [], [], [], [], [], [], [], []];
  const results: AppendResult[] = [];
  // A copy: appendMany may name one stream twice, the second continuing where the first ends.
  const head = new Map(heads);
  for (const { streamId, expectedVersion, events } of appends) {
    const actual = head.get(streamId)!;
    if (expectedVersion !== ANY_VERSION && expectedVersion !== actual.version) throw new ConcurrencyError(streamId, expectedVersion, actual.version);
    let { version, hash: prevHash } = actual;
    const sealed: EventEnvelope[] = [];
    for (const event of events) {
      version += 1;
      const { dataJson, metadataJson, envelope } = sealEvent(streamId, version, prevHash, event, recordedAt);
      const { eventId, type, schemaVersion, hash } = envelope;
      const row = [streamId, version, eventId, type, schemaVersion, dataJson, metadataJson, prevHash, hash] as const;
      row.forEach((value, i) => (columns[i] as unknown[]).push(value));
      sealed.push({ globalPosition: 0, ...envelope });
      prevHash = hash;
    }
    head.set(streamId, { version, hash: prevHash });
    results.push({ nextExpectedVersion: version, events: sealed });
  }
  return { columns, results };
}

/** Restores already-sealed events verbatim (checked by the caller) into an empty log, inside the caller's locked transaction; positions are this store's own, 1, 2, 3… */
export async function insertSealedInsideTransaction(client: PoolClient, statements: AppendStatements, events: EventEnvelope[]): Promise<void> {
  if ((await client.query(statements.anyEvent)).rowCount) throw new Error('the event log is not empty: a restore goes only into an empty store');
  const page = 1000;
  for (let start = 0; start < events.length; start += page) {
    const slice = events.slice(start, start + page);
    await client.query(statements.insert, [
      slice.map((_, i) => start + i + 1),
      slice.map((e) => e.streamId),
      slice.map((e) => e.streamVersion),
      slice.map((e) => e.eventId),
      slice.map((e) => e.type),
      slice.map((e) => e.schemaVersion),
      slice.map((e) => JSON.stringify(e.data)),
      slice.map((e) => JSON.stringify(e.metadata)),
      slice.map((e) => e.prevHash),
      slice.map((e) => e.hash),
    ]);
  }
}
