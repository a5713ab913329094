import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { EVENT_TABLE_DDL } from '../src/event-store/sqlite/event-table.sql';
import { READ_COLUMNS } from '../src/event-store/sqlite/sqlite-event-store';
import { Synchronous } from './bench-app';
import { median, perSecond } from './stats';
import { storeFigures } from './store-pairs';
import type { PairWorkload, StoreFigures } from './store-pairs';

/**
 * The ceiling under our store: better-sqlite3 alone on our own table (EVENT_TABLE_DDL, its indexes
 * and triggers), doing what SQLite must do for each figure and nothing else — no canonical JSON, no
 * hashing, no envelope parsed on the way out. Rows hold texts of the same size as ours (the JSON of
 * the pair's event, a 64-character hash). A figure's share of this ceiling, measured in the same run
 * on the same machine, says how much our code costs on top of the database, whatever the machine.
 */
export class RawSqlite {
  readonly db: Database.Database;
  private readonly head: Database.Statement<[string], { stream_version: number; hash: string }>;
  private readonly insert: Database.Statement;
  private readonly appendTx: (streamId: string, count: number, first: number) => number;
  private eventNumber = 0;

  constructor(file: string, synchronous: Synchronous) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.exec(EVENT_TABLE_DDL);
    this.head = this.db.prepare('SELECT stream_version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1');
    this.insert = this.db.prepare('INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    // As our store does: take the write lock, read the stream's head (the expected-version check), insert, commit.
    const tx = this.db.transaction((streamId: string, count: number, first: number) => {
      const head = this.head.get(streamId);
      let version = head ? head.stream_version : -1;
      let prevHash = head ? head.hash : null;
      for (let k = 0; k < count; k++) {
        const hash = HASH(this.eventNumber++);
        this.insert.run(streamId, ++version, `raw-${this.eventNumber}`, 'RatingChanged', 1, dataOf(first + k), METADATA, prevHash, hash);
        prevHash = hash;
      }
      return version;
    });
    this.appendTx = (streamId, count, first) => tx.immediate(streamId, count, first);
  }

  append(streamId: string, count: number, first: number): number {
    return this.appendTx(streamId, count, first);
  }

  close(): void {
    this.db.close();
  }
}

/** The texts our store writes for the pair's event (bench/store-pairs.ts), so rows are the same size. */
const dataOf = (i: number) =>
  `{"code":"${['R', 'A', 'G'][i % 3]}","commentary":"Update from service: performance data shows steady improvement.","planId":"peer","reference":"${i % 100}"}`;
const METADATA =
  '{"actor":{"id":"lead.jo","role":"lead"},"causationId":"c0000","correlationId":"c0000","effectiveAt":"2020-01-31T00:00:00.000Z","recordedAt":"2026-01-01T00:00:00.000Z","source":"cli"}';
const HASH = (n: number) => n.toString(16).padStart(64, '0');

/** Raw better-sqlite3 on the pair's workload: the ceiling beside ours and the peer's. */
export function runRawSqlite(file: string, synchronous: Synchronous, work: PairWorkload): StoreFigures {
  const raw = new RawSqlite(file, synchronous);
  try {
    raw.append('warm-up', 1, 0);
    const latencies: number[] = [];
    let started = performance.now();
    for (let i = 0; i < work.singles; i++) {
      const t = performance.now();
      raw.append(`action-peer-${i % 100}`, 1, i);
      latencies.push(performance.now() - t);
    }
    const singleMs = performance.now() - started;
    started = performance.now();
    for (let b = 0; b < work.batches; b++) raw.append(`batch-peer-${b}`, work.batchSize, b * work.batchSize);
    const batchMs = performance.now() - started;

    const readStream = raw.db.prepare(`SELECT ${READ_COLUMNS} FROM events WHERE stream_id = ? ORDER BY stream_version`).raw(true);
    const streamReads: number[] = [];
    const logReads: number[] = [];
    let logEvents = 0;
    for (let r = 0; r < work.reads; r++) {
      started = performance.now();
      let streamEvents = 0;
      for (let b = 0; b < work.batches; b++) streamEvents += readStream.all(`batch-peer-${b}`).length;
      streamReads.push(perSecond(streamEvents, performance.now() - started));
      started = performance.now();
      logEvents = rawOrderedRead(raw.db, 1000);
      logReads.push(perSecond(logEvents, performance.now() - started));
    }
    return storeFigures(synchronous, work, { singleMs, batchMs, latencies, streamReads, logReads, logEvents });
  } finally {
    raw.close();
  }
}

/** Every row of the log in global order, in pages, as arrays of column values: what reading costs before any parsing. */
export function rawOrderedRead(db: Database.Database, pageSize: number): number {
  const page = db.prepare<[number, number], unknown[]>(`SELECT ${READ_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`).raw(true);
  let events = 0;
  for (let after = 0; ; ) {
    const rows = page.all(after, pageSize);
    if (rows.length === 0) return events;
    events += rows.length;
    after = rows[rows.length - 1][0] as number;
  }
}

/** The ordered read's ceiling on the benchmark's own log: the same pages as measureOrderedRead, no envelopes built. */
export function rawOrderedReadOf(file: string, runs: number): { events: number; perSecond: number; runs: number[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rates: number[] = [];
    let events = 0;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      events = rawOrderedRead(db, 5000);
      rates.push(perSecond(events, performance.now() - started));
    }
    return { events, perSecond: median(rates), runs: rates.map(Math.round) };
  } finally {
    db.close();
  }
}
