import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { NO_STREAM } from '../../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { tamper } from '../../audit/support/tamper';
import { tempDatabase } from '../../support/temp-database';

/** History cannot be rewritten even by someone with a SQL prompt on the file: the database itself refuses. */
describe('the SQLite event table is append-only', () => {
  const database = tempDatabase('append-only');
  let raw: Database.Database;

  beforeAll(async () => {
    const store = new SqliteEventStore({ filename: database.file });
    await store.append('action-sunderland-2017/3.2', NO_STREAM, [
      {
        type: 'RatingChanged',
        schemaVersion: 1,
        data: { code: 'A' },
        metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
      },
    ]);
    await store.close();
    // A separate, plain connection, as a person with the sqlite3 shell would have.
    raw = new Database(database.file);
  });
  afterAll(() => {
    raw.close();
    database.remove();
  });

  it('rejects a raw UPDATE of an event', () => {
    expect(() => raw.prepare(`UPDATE events SET data = '{"code":"DG"}'`).run()).toThrow(/append-only: UPDATE is not allowed/);
    expect(JSON.parse((raw.prepare('SELECT data FROM events').get() as { data: string }).data)).toEqual({ code: 'A' });
  });

  it('rejects a raw DELETE of an event', () => {
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only: DELETE is not allowed/);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(1);
  });

  it('rejects a second event claiming the same stream version', () => {
    const row = raw.prepare('SELECT * FROM events').get() as Record<string, unknown>;
    expect(() =>
      raw
        .prepare('INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)')
        .run(row.stream_id, row.stream_version, randomUUID(), row.type, 1, row.data, row.metadata, null, row.hash),
    ).toThrow(/UNIQUE constraint failed: events.stream_id, events.stream_version/);
  });

  it('runs in WAL mode', () => {
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('the SQLite store appends to several streams all or nothing', () => {
  const database = tempDatabase('append-many');
  afterAll(() => database.remove());

  it('leaves every stream untouched when one of them has a stale expected version', async () => {
    const store = new SqliteEventStore({ filename: database.file });
    const event = () => ({
      type: 'RatingChanged',
      schemaVersion: 1,
      data: { code: 'A' },
      metadata: { actor: { id: 'importer', role: 'board' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'import' as const },
    });
    await store.append('action-demo/2.1', NO_STREAM, [event()]);
    const before = await store.headPosition();
    await expect(
      store.appendMany([
        { streamId: 'action-demo/1.1', expectedVersion: NO_STREAM, events: [event(), event()] },
        { streamId: 'action-demo/2.1', expectedVersion: NO_STREAM, events: [event()] },
      ]),
    ).rejects.toThrow(/Someone else changed action-demo\/2.1/);
    expect(await store.headPosition()).toBe(before);
    expect(await store.readStream('action-demo/1.1')).toEqual([]);
    await store.close();
  });
});

describe('the SQLite store reading an event whose stored JSON was damaged', () => {
  const database = tempDatabase('damaged-json');
  afterAll(() => database.remove());

  it('names the damaged event, for a history as for a full read, rather than hand out a partial one', async () => {
    const writer = new SqliteEventStore({ filename: database.file });
    const appended = await writer.append('action-demo/1.1', NO_STREAM, [
      {
        type: 'RatingChanged',
        schemaVersion: 1,
        data: { code: 'A' },
        metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'cli' },
      },
    ]);
    await writer.close();
    tamper(database.file, (db) => db.prepare(`UPDATE events SET data = '{"code":' WHERE stream_id = 'action-demo/1.1'`).run());
    const store = new SqliteEventStore({ filename: database.file });
    const named = new RegExp(`event ${appended.events[0].eventId} at position ${appended.events[0].globalPosition} \\(action-demo/1.1 v0\\) cannot be read: its data is not valid JSON`);
    await expect(store.readStream('action-demo/1.1')).rejects.toThrow(named);
    await expect(store.readHistory('action-demo/1.1')).rejects.toThrow(named);
    await store.close();
  });
});
