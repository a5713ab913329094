import { EventEmitter } from 'node:events';
import { DatabaseError, Pool, PoolClient, PoolConfig } from 'pg';
import { EventEnvelope, NewEvent, RecordedEvent } from '../envelope';
import { AppendResult, EventHandler, EventStore, ExpectedVersion, ReadAllOptions, StreamAppend, SubscriptionHandle } from '../event-store.port';
import { checkSealedEvents, SealedEventImport } from '../sealed-import';
import { subscribeCatchingUp } from '../sqlite/subscription';
import { AppendedListener } from './appended-listener';
import { AppendStatements, appendStatements, insertSealedInsideTransaction, readHeads, sealAppends } from './appending';
import { ReadStatements, readStatements, toEnvelope, toRecordedEvent } from './event-rows';
import { GroupCommit } from './group-commit';
import { KnownHeads } from './known-heads';
import { APPEND_EVENTS_ARGUMENTS, appendedChannel, appendLockKey, eventTableDdl, quoteIdentifier } from './schema.sql';

export interface PostgresEventStoreOptions {
  /** postgres://user@host:port/database — DATABASE_URL. */
  connectionString: string;
  /** The schema holding the log's table; created when missing. Default `plan_audit`. */
  schema?: string;
  /** Connections in the pool. Appends queue on one lock anyway: a few connections serve reads beside them. */
  poolSize?: number;
  /** How often a subscription reads the table even without a notification (the safety net for a lost one). */
  pollIntervalMs?: number;
  /** Whether to create the schema, table and triggers when the table is missing (false for a role that may only read and insert). */
  createSchema?: boolean;
}

const DEFAULT_PAGE = 1000;
/** How often an append seals again onto a stream head that moved under it before giving up. */
const MAX_ATTEMPTS = 50;

/**
 * The event log in PostgreSQL, for more than one server on one database.
 *
 * Global order. Rows go in only through the schema's `append_events` function, called as a
 * statement of its own (so its own transaction). It takes `pg_advisory_xact_lock` on a key of this
 * schema, reads the log's head, inserts the rows at head + 1, head + 2… and returns; the statement
 * commits still holding the lock, which PostgreSQL releases only after the commit is durable and
 * visible. So the next append cannot read the head until the one before it has committed:
 * positions are handed out in the order they commit, with no holes, and a reader that sees
 * position n could already see every position below it. No reader can skip an event that commits
 * late, because none can commit late.
 *
 * A sequence (`bigserial`) would not do: numbers are taken in one order and committed in another,
 * and a reader reading "> last seen" between the two commits skips the slower one for good. Marten
 * answers that with a "high water mark" (readers stop below any number not yet committed, found by a
 * background daemon); Emmett with a transaction-id filter (readers take only rows whose transaction
 * is older than every one still running, `pg_snapshot_xmin(pg_current_snapshot())`). Both keep
 * writers parallel at the cost of readers waiting on the slowest writer, and positions with holes;
 * this store serialises the commit of appends instead, as SQLite does (one writer at a time), so
 * readers never wait and positions run 1, 2, 3… as the Merkle tree numbers its leaves. The lock is
 * held for the insert and the commit's WAL flush only, no network round trip: sealing (hashing onto
 * each stream's head) happens before, on heads read without the lock.
 *
 * Group commit. Appends made at once in one process share one call of the function, so one
 * transaction and one flush (group-commit.ts): the lock is still taken once per call, but a call
 * carries every append that queued while the one before it was under way.
 *
 * Stream versions. Each stream's head is read before the lock (or taken from the ones this process
 * last appended or read: known-heads.ts), and may have moved by the time the rows go in: the
 * function checks, under the lock, that each stream an append extends is still at the version and
 * hash it was sealed onto, and leaves out only that append if not; the append then reads the heads
 * again, answering ConcurrencyError if the caller expected a version, or sealing again onto the
 * new head for ANY_VERSION.
 */
export class PostgresEventStore implements EventStore, SealedEventImport {
  readonly kind = 'postgres';
  readonly atomicAcrossStreams = true;
  readonly schema: string;
  private readonly pool: Pool;
  private readonly appended = new EventEmitter();
  private readonly listener: AppendedListener;
  private readonly pollIntervalMs: number;
  private readonly createSchema: boolean;
  private readonly lockKey: string;
  private readonly ddlLockKey: string;
  private readonly channel: string;
  private readonly append$: AppendStatements;
  private readonly read$: ReadStatements;
  private readonly commits: GroupCommit;
  private readonly knownHeads = new KnownHeads();
  private ready: Promise<void> | undefined;

  constructor(options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'plan_audit';
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.createSchema = options.createSchema ?? true;
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: 'plan-audit',
      // A database that does not answer is an error the caller sees in seconds, not a hung request.
      connectionTimeoutMillis: 10_000,
      // A transaction left open holds the append lock: PostgreSQL ends it rather than stop every writer.
      idle_in_transaction_session_timeout: 30_000,
    };
    this.pool = new Pool(config);
    // An idle connection dropped by the server (restart, failover) is discarded by the pool; without a
    // listener its error would end the process.
    this.pool.on('error', () => undefined);
    this.lockKey = appendLockKey(this.schema, 'append');
    this.ddlLockKey = appendLockKey(this.schema, 'ddl');
    this.channel = appendedChannel(this.schema);
    this.append$ = appendStatements(this.schema);
    this.read$ = readStatements(this.schema);
    this.commits = new GroupCommit(async (groupEnds, columns) => {
      const { rows } = await this.pool.query<{ befores: (number | null)[] }>(this.append$.appendEvents, [groupEnds, ...columns]);
      return rows[0].befores;
    });
    this.appended.setMaxListeners(0);
    this.listener = new AppendedListener({ connectionString: options.connectionString, application_name: 'plan-audit-listen', connectionTimeoutMillis: 10_000 }, this.channel, this.appended, () => undefined);
  }

  /** The pool, for the checkpoint store beside the log and for tests that must prove the triggers hold. */
  get connection(): Pool {
    return this.pool;
  }

  /**
   * Creates the schema, table and triggers when the table is missing. Checked first, so a role
   * that may not create anything starts on a table an administrator made. Under an advisory lock,
   * so two servers starting at once do not race on CREATE. Retried on the next call if it fails
   * (the database was down at start).
   */
  private ensureReady(): Promise<void> {
    this.ready ??= (async () => {
      const s = quoteIdentifier(this.schema);
      const { rows } = await this.pool.query<{ table: string | null; fn: string | null }>('SELECT to_regclass($1) AS table, to_regprocedure($2) AS fn', [`${s}.events`, `${s}.append_events(${APPEND_EVENTS_ARGUMENTS})`]);
      if (rows[0].table && rows[0].fn) return;
      if (!this.createSchema) throw new Error(`the event table ${this.schema}.events does not exist, and this store was told not to create it`);
      await this.inTransaction(this.ddlLockKey, (client) => client.query(eventTableDdl(this.schema)));
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Runs `work` in a transaction holding the lock `key`; on success notifies subscribers (on commit) and commits, else rolls back. */
  private async inTransaction<T>(key: string, work: (client: PoolClient) => Promise<T>, notify = false): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose state is unknown (a dropped socket, a failed rollback) is closed rather
    // than handed to the next caller; one the server answered with an SQL error is still good.
    let broken: Error | undefined;
    const unlessAnswered = (error: unknown) => {
      if (!(error instanceof DatabaseError)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    };
    try {
      let result: T;
      try {
        // One round trip: BEGIN and the lock (the key is a number we made, never input).
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${key})`).catch(unlessAnswered);
        result = await work(client);
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
      await client.query(notify ? `NOTIFY ${this.channel}; COMMIT` : 'COMMIT').catch(unlessAnswered);
      return result;
    } finally {
      client.release(broken);
    }
  }

  async append(streamId: string, expectedVersion: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, expectedVersion, events }]);
    return result;
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    await this.ensureReady();
    const streamIds = appends.map((a) => a.streamId);
    for (let attempt = 1; ; attempt++) {
      let heads = attempt === 1 ? this.knownHeads.lookup(appends) : undefined;
      if (!heads) {
        heads = await readHeads(this.pool, this.append$, streamIds);
        this.knownHeads.remember(heads);
      }
      const { columns, results } = sealAppends(appends, heads);
      if (columns[0].length === 0) return results;
      const before = await this.commits.submit(columns);
      if (before !== null) {
        let position = before;
        for (const result of results) for (const event of result.events) event.globalPosition = ++position;
        this.knownHeads.rememberAppended(results);
        this.appended.emit('appended');
        return results;
      }
      this.knownHeads.forget(streamIds);
      // Another writer extended one of these streams between our read of its head and our turn
      // under the lock: read again and, where the caller expected a version, answer
      // ConcurrencyError from the new head; with ANY_VERSION, seal again onto it.
      if (attempt >= MAX_ATTEMPTS) throw new Error(`appending to ${streamIds.join(', ')}: another writer extended the stream ${MAX_ATTEMPTS} times running; try again`);
    }
  }

  /**
   * Restore sealed events verbatim, in one transaction under the append lock, only into an empty
   * log, after checking every hash and chain link: nothing is written if any check fails.
   */
  async importSealed(events: EventEnvelope[]): Promise<number> {
    checkSealedEvents(events);
    await this.ensureReady();
    await this.inTransaction(this.lockKey, (client) => insertSealedInsideTransaction(client, this.append$, events), events.length > 0);
    if (events.length > 0) this.appended.emit('appended');
    return events.length;
  }

  async readStream(streamId: string, options: { afterVersion?: number } = {}): Promise<EventEnvelope[]> {
    await this.ensureReady();
    const query =
      options.afterVersion === undefined
        ? { text: this.read$.readStream, values: [streamId], rowMode: 'array' as const }
        : { text: this.read$.readStreamAfter, values: [streamId, options.afterVersion], rowMode: 'array' as const };
    return (await this.pool.query<unknown[]>(query)).rows.map(toEnvelope);
  }

  async readHistory(streamId: string): Promise<RecordedEvent[]> {
    await this.ensureReady();
    const { rows } = await this.pool.query<unknown[]>({ text: this.read$.readHistory, values: [streamId], rowMode: 'array' });
    return rows.map((row) => toRecordedEvent(streamId, row));
  }

  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    await this.ensureReady();
    const { rows } = await this.pool.query<unknown[]>({ text: this.read$.readAll, values: [options.after ?? 0, options.limit ?? DEFAULT_PAGE], rowMode: 'array' });
    return rows.map(toEnvelope);
  }

  async headPosition(): Promise<number> {
    await this.ensureReady();
    const { rows } = await this.pool.query<[number]>({ text: this.read$.headPosition, rowMode: 'array' });
    return rows[0][0];
  }

  /**
   * Catch-up, then live: pages of readAll after the position, then a read whenever a notification
   * says another append committed (LISTEN/NOTIFY, from this server or any other), with a slow poll
   * as the safety net for a notification lost while the listening connection was down.
   */
  subscribeToAll(after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle {
    this.listener.start();
    const source = { readPage: (position: number) => this.readAll({ after: position }), pageSize: DEFAULT_PAGE, appended: this.appended, pollIntervalMs: this.pollIntervalMs };
    return subscribeCatchingUp(source, after, handler, onError);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
    await this.listener.close();
    if (!this.pool.ended) await this.pool.end();
  }
}
