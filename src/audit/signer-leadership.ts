import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { appendLockKey } from '../event-store/postgres/schema.sql';

export const SIGNER_LEADERSHIP = Symbol('SignerLeadership');

/** What the signer does when this process becomes the one signer, or stops being it. */
export interface LeadershipEvents {
  gained(): void;
  lost(reason: string): void;
}

/**
 * Who signs heads, makes scheduled checkpoints and submits to witnesses, when several servers share
 * one log: exactly one at a time, the leader. `isLeader` is the last thing known and costs nothing
 * (the signer's timers ask it); `confirm` asks the database, and is asked right before a head is
 * written, so a leader that lost its lock writes nothing more.
 */
export interface SignerLeadership {
  /** `alone`: one server per log (SQLite), always the signer; `advisory-lock`: a PostgreSQL session lock decides. */
  readonly kind: 'alone' | 'advisory-lock';
  isLeader(): boolean;
  /** When this process last became the signer, if it is it. */
  leaderSince(): string | undefined;
  start(events: LeadershipEvents): Promise<void>;
  confirm(): Promise<boolean>;
  stop(): Promise<void>;
}

/** SIGNER_LEADER_RETRY_MS, default 500: how often a server that is not the signer tries to become it, and the signer checks it still is. */
export function signerLeaderRetryMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIGNER_LEADER_RETRY_MS;
  const ms = raw === undefined || raw === '' ? 500 : Number(raw);
  if (!Number.isInteger(ms) || ms < 10 || ms > 60_000) throw new Error(`SIGNER_LEADER_RETRY_MS must be a whole number of milliseconds from 10 to 60000, not "${raw}"`);
  return ms;
}

/** One server per log (SQLite, whose data folder lock already says so; EventStoreDB): it is always the signer. */
export class SignerAlone implements SignerLeadership {
  readonly kind = 'alone';
  private readonly since = new Date().toISOString();
  isLeader(): boolean {
    return true;
  }
  leaderSince(): string {
    return this.since;
  }
  async start(): Promise<void> {}
  async confirm(): Promise<boolean> {
    return true;
  }
  async stop(): Promise<void> {}
}

/**
 * The signer among several servers on one PostgreSQL log: whoever holds a session-level advisory lock
 * on a key of the schema, on a connection of its own (not the pool's: a session lock belongs to one
 * connection, and is released by PostgreSQL when that connection ends, so a killed leader frees it at
 * once and a survivor takes it at its next try).
 *
 * The hard part is a leader that has lost its lock without knowing it. So: the lock connection is
 * asked, before each head is written, whether it still holds the lock (`confirm`, a round trip on
 * that very connection: a connection PostgreSQL has ended cannot answer yes); any error on it steps
 * down at once; and the lock session ends itself on the server after `idle_session_timeout` (ten
 * tries, at least 5 s) without a query, so a leader cut off by the network, or frozen, loses the lock
 * to the next server rather than holding it for ever, and its next confirm fails.
 */
export class AdvisoryLockLeadership implements SignerLeadership {
  readonly kind = 'advisory-lock';
  private readonly logger = new Logger('Signer');
  private readonly key: string;
  private client?: Client;
  private leader = false;
  private since?: string;
  private timer?: NodeJS.Timeout;
  private trying?: Promise<void>;
  private stopped = false;
  private events: LeadershipEvents = { gained: () => undefined, lost: () => undefined };
  private lastProblem?: string;

  constructor(private readonly options: { connectionString: string; schema: string; retryMs: number }) {
    this.key = appendLockKey(options.schema, 'signer');
  }

  isLeader(): boolean {
    return this.leader;
  }

  leaderSince(): string | undefined {
    return this.leader ? this.since : undefined;
  }

  /** The first try is awaited (a CLI run with no server about signs what it appends); then every retryMs. */
  async start(events: LeadershipEvents): Promise<void> {
    this.events = events;
    this.stopped = false;
    await this.tick();
    if (this.stopped || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.retryMs);
    this.timer.unref();
  }

  async confirm(): Promise<boolean> {
    if (!this.leader) return false;
    if (await this.holding()) return this.leader;
    this.stepDown('its lock connection no longer holds the signer lock');
    return false;
  }

  /** Ends the lock connection, which releases the lock for the next server (a shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.trying;
    if (this.leader) this.stepDown('the server is shutting down');
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One try: the leader checks it still holds the lock; the others try to take it. Never overlaps itself. */
  private tick(): Promise<void> {
    this.trying ??= (this.leader ? this.confirm().then(() => undefined) : this.tryToLead()).finally(() => (this.trying = undefined));
    return this.trying;
  }

  private async tryToLead(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [this.key]);
      if (!rows[0].got || this.stopped || this.client !== client) return;
      this.leader = true;
      this.since = new Date().toISOString();
      this.lastProblem = undefined;
      this.logger.log(`This server is now the signer of the log in schema ${this.options.schema} (it holds the signer lock); the others stand by`);
      this.events.gained();
    } catch (error) {
      this.discard(error);
    }
  }

  /** Whether the lock connection is alive and holds the lock: the only advisory lock that connection ever takes. */
  private async holding(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      const { rows } = await client.query<{ held: number }>("SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted");
      return rows[0].held > 0 && this.client === client;
    } catch (error) {
      this.discard(error);
      return false;
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const retry = this.options.retryMs;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: 'plan-audit-signer',
      connectionTimeoutMillis: Math.max(2000, retry * 4),
      // A query the network swallowed fails here rather than leave the leader waiting while another takes over.
      query_timeout: Math.max(2000, retry * 4),
      keepAlive: true,
    });
    const dropped = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      this.problem(error ?? new Error('the connection ended'));
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    try {
      await client.connect();
      // The server ends this session when no query comes for ten tries (a frozen or cut-off leader), freeing the lock.
      await client.query(`SET idle_session_timeout = ${Math.max(5000, retry * 10)}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  /** A failed query or a dropped connection: this connection is finished with, and a leader on it is a leader no more. */
  private discard(error: unknown): void {
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
    this.problem(error);
  }

  private problem(error: unknown): void {
    const message = (error as Error)?.message ?? String(error);
    if (this.leader) this.stepDown(`its lock connection failed (${message})`);
    else if (message !== this.lastProblem && !this.stopped) this.logger.warn(`Cannot ask PostgreSQL for the signer lock (${message}); trying again every ${this.options.retryMs} ms`);
    this.lastProblem = message;
  }

  private stepDown(reason: string): void {
    if (!this.leader) return;
    this.leader = false;
    this.since = undefined;
    if (!this.stopped) this.logger.warn(`This server has stopped signing: ${reason}. Another server (or this one, once it holds the lock again) signs from here`);
    this.events.lost(reason);
  }
}
