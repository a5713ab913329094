import { PoolClient } from 'pg';
import { canonicalForm, sealedJsonOf, sealedMetadataForm } from '../canonical-json';
import { EventEnvelope, NewEvent } from '../envelope';
import { newEventId } from '../event-id';
import { ANY_VERSION, ConcurrencyError, ExpectedVersion, NO_STREAM } from '../event-store.port';
import { sha256 } from '../hashing';
import { quoteIdentifier } from './schema.sql';

/** The statements an append runs, with the schema written in once. */
export function appendStatements(schema: string) {
  const events = `${quoteIdentifier(schema)}.events`;
  return {
    // The stream's head and the log's head in one round trip: both are read under the lock.
    heads: `SELECT h.stream_version, h.hash, (SELECT coalesce(max(global_position), 0) FROM ${events})::float8 AS head_position
              FROM (SELECT 1) AS one LEFT JOIN LATERAL
                   (SELECT stream_version, hash FROM ${events} WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) AS h ON true`,
    // All of one stream's new rows in one statement, whatever their number.
    insert: `INSERT INTO ${events} (global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::json[], $8::json[], $9::text[], $10::text[])`,
    anyEvent: `SELECT 1 FROM ${events} LIMIT 1`,
  };
}
export type AppendStatements = ReturnType<typeof appendStatements>;

interface Heads {
  streamVersion: number;
  hash: string | null;
  headPosition: number;
}

async function readHeads(client: PoolClient, statements: AppendStatements, streamId: string): Promise<Heads> {
  const { rows } = await client.query<{ stream_version: number | null; hash: string | null; head_position: number }>(statements.heads, [streamId]);
  const row = rows[0];
  return { streamVersion: row.stream_version ?? NO_STREAM, hash: row.hash, headPosition: row.head_position };
}

/**
 * Seals and inserts one stream's new events. Runs inside a transaction that holds the append lock,
 * so the heads read here are still the heads when the rows go in, and the positions given here
 * (the log's head + 1, + 2…) are committed before any later append can read the head again.
 * The sealing is SQLite's (sqlite/appending.ts): the same canonical texts, the same hash.
 */
export async function appendInsideTransaction(client: PoolClient, statements: AppendStatements, streamId: string, expected: ExpectedVersion, events: NewEvent[]): Promise<{ sealed: EventEnvelope[]; version: number }> {
  const heads = await readHeads(client, statements, streamId);
  const actual = heads.streamVersion;
  if (expected !== ANY_VERSION && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);
  if (events.length === 0) return { sealed: [], version: actual };
  const recordedAt = new Date().toISOString();
  let prevHash = heads.hash;
  let version = actual;
  let position = heads.headPosition;
  const sealed: EventEnvelope[] = [];
  const columns = { positions: [] as number[], versions: [] as number[], ids: [] as string[], types: [] as string[], schemas: [] as number[], data: [] as string[], metadata: [] as string[], prevHashes: [] as (string | null)[], hashes: [] as string[] };
  for (const event of events) {
    version += 1;
    position += 1;
    const data = canonicalForm(event.data);
    if (data === undefined) throw new TypeError(`event ${event.type} has no JSON data`);
    const metadata = sealedMetadataForm(event.metadata, recordedAt);
    const eventId = event.eventId ?? newEventId();
    const { type, schemaVersion } = event;
    const hash = sha256(sealedJsonOf({ streamId, streamVersion: version, eventId, type, schemaVersion, prevHash }, data.json, metadata.json));
    columns.positions.push(position);
    columns.versions.push(version);
    columns.ids.push(eventId);
    columns.types.push(type);
    columns.schemas.push(schemaVersion);
    columns.data.push(data.json);
    columns.metadata.push(metadata.json);
    columns.prevHashes.push(prevHash);
    columns.hashes.push(hash);
    sealed.push({ globalPosition: position, streamId, streamVersion: version, eventId, type, schemaVersion, data: data.value, metadata: metadata.value, prevHash, hash });
    prevHash = hash;
  }
  const streamIds = columns.positions.map(() => streamId);
  await client.query(statements.insert, [columns.positions, streamIds, columns.versions, columns.ids, columns.types, columns.schemas, columns.data, columns.metadata, columns.prevHashes, columns.hashes]);
  return { sealed, version };
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
