import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '../../event-store/envelope';
import { EVENT_STORE, EventStore, SubscriptionHandle } from '../../event-store/event-store.port';
import { projectPlanFacts } from '../plan-facts/plan-facts.projection';
import { PlanFact } from '../plan-facts/plan-fact.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { preparedOn } from '../../prepared-statements';
import { ATTEMPTS_BEFORE_STOPPING, EventNotProjected, isTransient, messageOf, ProjectorStatus, retryDelay } from './projector-recovery';

const PROJECTION = 'plan-facts';
const checkpointStatement = preparedOn<[string], number>('SELECT position FROM projection_checkpoints WHERE projection = ?', { pluck: true });
const checkpointWrittenStatement = preparedOn<[string], string>('SELECT updatedAt FROM projection_checkpoints WHERE projection = ?', { pluck: true });
const BATCH = 500;
/** Stores several servers append to at once, whose readers must look at the log's head to see each other's writes. */
const LOGS_OTHER_SERVERS_APPEND_TO = new Set(['postgres']);
/** A write waiting this long is held up (by another connection's lock), not merely busy: readiness says so. */
const STALLED_AFTER_MS = 1000;
/** How often, at most, the health page's counters look at the head of the log (see `lagNow`). */
const HEAD_LOOK_MS = 1000;
/**
 * Events per transaction in a rebuild. Small enough that a page's envelopes and facts die
 * young: with 5,000 they outlived V8's young generation, were promoted, and the old space
 * grew with the log (peak RSS 330 MB over 1.05M events, 187 MB with 1,000, and no slower).
 */
const REBUILD_PAGE = 1000;

/**
 * How far a count of the events behind goes on a store that must read them to count them
 * (EventStoreDB): one past READY_MAX_LAG, enough to say ready or not, so a look costs at most
 * that many records however far behind the read models are. Beyond it, `behind` reads as the cap.
 */
function lagCountCap(): number {
  return Number(process.env.READY_MAX_LAG ?? 1000) + 1;
}

export interface ProjectionLag {
  checkpoint: number;
  head: number;
  /** Events recorded but not yet in the read models. */
  behind: number;
}

/**
 * Folds the log into the read models through a catch-up subscription. Each batch
 * of events and the checkpoint that covers it are written in one transaction, so
 * a crash at any point neither applies an event twice nor skips one: on restart
 * the projector resumes after the last committed checkpoint.
 *
 * A failed write or a dropped subscription does not stop it for good: it drops what it
 * had buffered and follows the log again from its checkpoint after a backoff, for as long
 * as the cause lasts. Only an event that fails the same way ATTEMPTS_BEFORE_STOPPING times,
 * and not from a lock or a full disk, stops it, there, named (see docs/architecture.md).
 */
@Injectable()
export class Projector {
  private readonly logger = new Logger('Projector');
  private subscription?: SubscriptionHandle;
  private buffer: EventEnvelope[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private running = false;
  private starting?: Promise<void>;
  /** Which subscription is current: a handler or an error from an earlier one is ignored. */
  private generation = 0;
  private retryTimer?: NodeJS.Timeout;
  /** Failures in a row since the last batch that went through, for the backoff. */
  private attempts = 0;
  private failing?: { position: number; times: number };
  private halted?: EventNotProjected;
  private lastError?: ProjectorStatus['lastError'];
  private restarts = 0;
  /** When the write in progress began: a write held up by another connection's lock shows as stalled. */
  private writingSince?: number;
  /** The checkpoint last read or written, and the furthest position of the log seen: the counters behind `lagNow`. */
  private checkpointSeen = 0;
  private headSeen = 0;
  private headAskedAt = 0;
  /** On a store whose positions are not event counts (EventStoreDB): the events after the checkpoint, as last counted. */
  private behindCounted = 0;
  /** Callers waiting for a position to be projected (see `projected`). */
  private readonly waiters = new Set<{ position: number; resolve: (done: boolean) => void }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Follow the log from the stored checkpoint. Two callers starting at once (two
   * reads asking for read-your-writes) share one start: each used to pass the
   * guard while the other awaited the checkpoint, and the first subscription,
   * overwritten, was never closed and went on reading a closed store.
   * While a retry is pending, or once stopped at an event, a reader's start changes nothing.
   */
  start(): Promise<void> {
    this.starting ??= this.subscribe().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async subscribe(): Promise<void> {
    if (this.subscription || this.retryTimer || this.halted) return;
    const generation = ++this.generation;
    this.running = true;
    let from: number;
    try {
      from = await this.checkpoint();
    } catch (error) {
      return this.failed(generation, error);
    }
    this.lookAtHead();
    this.subscription = this.store.subscribeToAll(
      from,
      async (event) => {
        if (!this.running || generation !== this.generation) return;
        if (event.globalPosition > this.headSeen) this.headSeen = event.globalPosition;
        this.buffer.push(event);
        if (this.buffer.length >= BATCH) await this.flush();
        else this.scheduleFlush(generation);
      },
      (error) => this.failed(generation, error),
    );
  }

  async stop(): Promise<void> {
    await this.starting;
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.subscription?.close();
    this.subscription = undefined;
    // What is buffered is in the log: whatever this last write leaves undone, the next start projects.
    await this.flush().catch((error) => this.logger.warn(`Read models not brought up to date before stopping: ${messageOf(error)}`));
  }

  /** Following, retrying, held up or stopped, why, the last error and the restarts: for /api/health. */
  status(): ProjectorStatus {
    const base = { lastError: this.lastError, restarts: this.restarts };
    if (this.halted) {
      const { globalPosition, eventId } = this.halted.event;
      return { ...base, state: 'stopped', reason: `The read models stopped at position ${globalPosition} (event ${eventId}), which cannot be projected: ${messageOf(this.halted.cause)}` };
    }
    if (this.retryTimer) return { ...base, state: 'retrying', reason: `A read-model write failed (${this.lastError?.message}); retrying (attempt ${this.attempts + 1})` };
    // A store over the network that lost its subscription follows again by itself; until it does, the read side is not current.
    const down = this.subscription?.down?.();
    if (down && down.attempts > 0) return { ...base, state: 'retrying', reason: down.reason };
    const waited = this.writingSince === undefined ? 0 : Date.now() - this.writingSince;
    if (waited > STALLED_AFTER_MS) return { ...base, state: 'stalled', reason: `A read-model write has waited ${waited} ms, held up by another connection to the read-models file` };
    return { ...base, state: 'following' };
  }
  /** Which store the read models follow (sqlite or eventstoredb), for /api/health. */
  get storeKind(): string {
    return this.store.kind;
  }

  /** The position of the last event the read models hold. */
  async checkpoint(): Promise<number> {
    return this.checkpointNow();
  }

  /**
   * The same, read at once: a prepared statement on the read models' connection, so plans' timelines
   * can read it and the facts behind it on every read without yielding in between.
   */
  checkpointNow(): number {
    const checkpoint = checkpointStatement(this.dataSource).get(PROJECTION) ?? 0;
    this.checkpointSeen = checkpoint;
    return checkpoint;
  }

  /**
   * The lag from what this process has seen, without a query on the request's path: the checkpoint
   * last read or written, and the head as far as the subscription has delivered the log or a look at
   * the log's head (made in the background, at most once a second, when asked) has found. For
   * /api/health, which must answer at once under load. `lag()` asks both files.
   */
  lagNow(): ProjectionLag {
    if (Date.now() - this.headAskedAt >= HEAD_LOOK_MS) this.lookAtHead();
    const head = Math.max(this.headSeen, this.checkpointSeen);
    // Where positions are byte offsets (EventStoreDB), head minus checkpoint is bytes: use the count.
    const behind = this.store.countEventsAfter ? (head > this.checkpointSeen ? this.behindCounted : 0) : head - this.checkpointSeen;
    return { checkpoint: this.checkpointSeen, head, behind };
  }

  private lookAtHead(): void {
    this.headAskedAt = Date.now();
    this.store.headPosition().then(
      (head) => (this.headSeen = Math.max(this.headSeen, head)),
      () => undefined, // the next look tries again; the health page says what the projector last saw
    );
    // Counted from the checkpoint of this moment: if the read models move on meanwhile, the figure is a second old, never too low for long.
    this.store.countEventsAfter?.(this.checkpointSeen, lagCountCap()).then(
      (behind) => (this.behindCounted = behind),
      () => undefined,
    );
  }

  /**
   * Resolve true once the read models hold the event at `position` (a write's own, for
   * read-your-writes), or false after `timeoutMs`, or at once if the projector is not
   * following the log (retrying, held up or stopped): then the caller is told, not kept waiting.
   * Woken by each batch the projector writes, not by polling.
   */
  async projected(position: number, timeoutMs: number): Promise<boolean> {
    if (this.checkpointNow() >= position) return true;
    if (this.status().state !== 'following') return false;
    return new Promise<boolean>((resolve) => {
      const waiter = { position, resolve: (done: boolean) => (clearTimeout(timer), resolve(done)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      this.waiters.add(waiter);
    });
  }

  /**
   * Read-your-writes across servers: resolve true once the read models hold every event the log held
   * when this was asked, or false after `timeoutMs` (or at once while the projector is not following).
   * On a log other servers append to (PostgreSQL), a write acknowledged by another server is in the log
   * but may not yet be in these read models; the log's head (one indexed `max(global_position)`) says
   * how far they must reach. A log only this process appends to (SQLite) needs no look: a write's answer
   * already waited for its own event (`projected`), so this resolves at once and SQLite is unchanged.
   */
  async heldEverythingLogged(timeoutMs: number): Promise<{ reached: boolean; head: number; checkpoint: number }> {
    if (!LOGS_OTHER_SERVERS_APPEND_TO.has(this.store.kind)) return { reached: true, head: this.headSeen, checkpoint: this.checkpointSeen };
    const head = await this.store.headPosition();
    if (head > this.headSeen) this.headSeen = head;
    const reached = await this.projected(head, timeoutMs);
    return { reached, head, checkpoint: this.checkpointSeen };
  }

  /** Wake the waiters the last batch has reached; and, while the projector is not following, all of them (as not reached). */
  private wakeWaiters(): void {
    if (this.waiters.size === 0) return;
    const checkpoint = this.checkpointNow();
    const following = this.status().state === 'following';
    for (const waiter of this.waiters) {
      if (waiter.position <= checkpoint || !following) {
        this.waiters.delete(waiter);
        waiter.resolve(waiter.position <= checkpoint);
      }
    }
  }

  /** When the read models last took a batch (their checkpoint was written); undefined before the first. */
  checkpointWrittenAt(): string | undefined {
    return checkpointWrittenStatement(this.dataSource).get(PROJECTION);
  }

  async lag(): Promise<ProjectionLag> {
    const [checkpoint, head] = await Promise.all([this.checkpoint(), this.store.headPosition()]);
    if (this.store.countEventsAfter) return { checkpoint, head, behind: head > checkpoint ? await this.store.countEventsAfter(checkpoint, lagCountCap()) : 0 };
    return { checkpoint, head, behind: Math.max(0, head - checkpoint) };
  }

  /** Resolve once every event recorded so far is in the read models (for tests, and for read-your-writes). */
  async caughtUp(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const head = await this.store.headPosition();
    while ((await this.checkpoint()) < head) {
      if (this.halted) throw this.halted;
      if (Date.now() > deadline) throw new Error(`projection did not catch up with position ${head} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Throw the read models away and fold the whole log again, reporting progress as it goes. */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<number> {
    await this.stop();
    this.halted = undefined;
    const total = await this.store.headPosition();
    await this.dataSource.transaction(async (manager) => {
      await manager.clear(PlanFact);
      await manager.delete(ProjectionCheckpoint, { projection: PROJECTION });
    });
    // Nothing half-rebuilt is worth keeping through a power cut: a rebuild that stops starts again
    // from zero. So its commits skip the fsync (half the rebuild's commit time), and the file is made
    // durable once, at the end, with the connection's usual setting back.
    const [{ synchronous }] = await this.dataSource.query('PRAGMA synchronous');
    await this.dataSource.query('PRAGMA synchronous = OFF');
    let count = 0;
    try {
      for (let after = 0; ; ) {
        const page = await this.store.readAll({ after, limit: REBUILD_PAGE });
        if (page.length === 0) break;
        await this.apply(page);
        count += page.length;
        after = page[page.length - 1].globalPosition;
        onProgress?.(after, total);
      }
    } finally {
      await this.dataSource.query(`PRAGMA synchronous = ${Number(synchronous)}`);
      await this.dataSource.query('PRAGMA wal_checkpoint(FULL)');
    }
    return count;
  }

  private scheduleFlush(generation: number): void {
    if (this.flushScheduled || !this.running) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush().catch((error) => this.failed(generation, error));
    });
  }

  /** Write what is buffered. One write at a time, and a failed one does not block those after it. */
  private flush(): Promise<void> {
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        if (this.buffer.length === 0) return;
        const batch = this.buffer;
        this.buffer = [];
        await this.applyFollowing(batch);
      });
    return this.flushing;
  }

  /**
   * A batch as the log is followed. When it fails for a reason that is not a lock or the disk,
   * its events are written one at a time to find the one that fails, so the report can name it
   * (those before it are in the read models, with their checkpoint).
   */
  private async applyFollowing(batch: EventEnvelope[]): Promise<void> {
    this.writingSince = Date.now();
    try {
      try {
        await this.apply(batch);
      } catch (error) {
        if (isTransient(error)) throw error;
        for (const event of batch) {
          try {
            await this.apply([event]);
          } catch (single) {
            throw isTransient(single) ? single : new EventNotProjected(event, single);
          }
        }
      }
      this.attempts = 0;
      this.failing = undefined;
    } finally {
      this.writingSince = undefined;
      this.wakeWaiters();
    }
  }

  /**
   * Drop the subscription and what it buffered, and follow the log again from the checkpoint
   * after a backoff; or, an event having failed ATTEMPTS_BEFORE_STOPPING times, stop there.
   */
  private failed(generation: number, error: unknown): void {
    if (generation !== this.generation) return;
    this.generation++;
    this.running = false;
    const dropped = this.subscription;
    this.subscription = undefined;
    void dropped?.close();
    this.buffer = [];
    const at = error instanceof EventNotProjected ? error.event : undefined;
    this.lastError = { message: messageOf(error), at: new Date().toISOString(), position: at?.globalPosition, eventId: at?.eventId };
    if (at) {
      this.failing = this.failing?.position === at.globalPosition ? { position: at.globalPosition, times: this.failing.times + 1 } : { position: at.globalPosition, times: 1 };
      if (this.failing.times >= ATTEMPTS_BEFORE_STOPPING) {
        this.halted = error as EventNotProjected;
        this.logger.error(`Projection stopped at position ${at.globalPosition} (event ${at.eventId}) after ${this.failing.times} attempts: ${messageOf((error as EventNotProjected).cause)}. The read models stay at the event before it until the projection is fixed.`);
        this.wakeWaiters();
        return;
      }
    }
    this.attempts++;
    const delay = retryDelay(this.attempts);
    this.logger.warn(`Projection failed: ${messageOf(error)}; following the log again from the checkpoint in ${delay} ms (attempt ${this.attempts})`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.restarts++;
      void this.flushing.catch(() => undefined).then(() => this.start());
    }, delay);
    this.retryTimer.unref();
    this.wakeWaiters();
  }

  /** One transaction: the facts of every event after the stored checkpoint, and the new checkpoint. */
  private async apply(events: EventEnvelope[]): Promise<void> {
    let written: number | undefined;
    await this.dataSource.transaction(async (manager) => {
      // Plain statements, prepared once by the driver's cache: findOneBy and save built queries each
      // time and read the row again before writing it, 6% of a rebuild once the facts were fast.
      const [stored] = (await manager.query('SELECT position FROM projection_checkpoints WHERE projection = ?', [PROJECTION])) as { position: number }[];
      const fresh = events.filter((e) => e.globalPosition > (stored?.position ?? 0));
      if (fresh.length === 0) return;
      await projectPlanFacts(manager, fresh);
      await manager.query(
        `INSERT INTO projection_checkpoints (projection, position, updatedAt) VALUES (?, ?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position, updatedAt = excluded.updatedAt`,
        [PROJECTION, fresh[fresh.length - 1].globalPosition, new Date().toISOString()],
      );
      written = fresh[fresh.length - 1].globalPosition;
    });
    if (written !== undefined) this.checkpointSeen = written;
  }
}
