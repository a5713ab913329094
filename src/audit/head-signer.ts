import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { AuditService } from './audit.service';
import { SIGNER_LEADERSHIP, SignerLeadership } from './signer-leadership';
import { WitnessSubmitter } from './witnesses';

export const SIGN_HEAD_EVERY_MS = Symbol('SignHeadEveryMs');

/** SIGN_HEAD_EVERY_MS, default 250: how often the signer looks for new events to sign; 0 turns signing on commit off. */
export function signHeadEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIGN_HEAD_EVERY_MS;
  const ms = raw === undefined || raw === '' ? 250 : Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`SIGN_HEAD_EVERY_MS must be a number of milliseconds (0 to turn signing on commit off), not "${raw}"`);
  return ms;
}

/**
 * A signed tree head on every commit, group-committed: every SIGN_HEAD_EVERY_MS (a quarter of a
 * second) the signer compares the head of the log with the last head it signed, and when the log has
 * grown it signs one checkpoint over everything appended since, however many commits that is. So no
 * acknowledged write goes unsigned for more than about a second, and a burst of writes costs one
 * signature, one small file written atomically and one row, not one each.
 *
 * Appends by this process and by others on the same file (the CLI) are seen alike: the signer asks the
 * log, it is not told by the write path. Signing never blocks a write: a write that finds the signer
 * refusing is still taken, and the refusal is an alarm (health, metrics, the audit page), not an error
 * to the person writing. On shutdown the last appends are signed before the process ends.
 *
 * Several servers on one PostgreSQL log: only the one holding the signer lock signs (SignerLeadership).
 * The others stand by; when one becomes the signer it takes over (`takeOver`): it reads the signer
 * folder afresh, re-reads the log up to the last signed head and checks its root, then carries on.
 */
@Injectable()
export class HeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Signing');
  private timer?: NodeJS.Timeout;
  private busy = false;
  private refusalLogged = false;
  /** The size of the last head handed to the witnesses. */
  private submittedSize?: number;
  /** The check a new signer makes before signing (takeOver), while it runs. */
  private takingOver?: Promise<void>;
  /** A server (main.ts calls checkOnStart) re-reads the log whenever it becomes the signer; a CLI run signs on from the head, as it always has. */
  private fullCheckOnTakeOver = false;

  constructor(
    private readonly audit: AuditService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SIGN_HEAD_EVERY_MS) private readonly everyMs: number,
    private readonly witnesses: WitnessSubmitter,
    @Inject(SIGNER_LEADERSHIP) private readonly leadership: SignerLeadership,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.leadership.start({ gained: () => void this.takeOver(), lost: () => undefined });
    if (this.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.signIfGrown(), this.everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.takingOver;
    if (this.everyMs > 0) await this.signIfGrown();
    // Only now: the last appends are signed before the lock goes to the next server.
    await this.leadership.stop();
  }

  /**
   * This server has just become the signer (another stopped, or this one started first). What another
   * server signed is in the shared signer folder, not in this process's memory: read it again (the
   * head, on every use; the witnesses' state here), check the log still extends that head, and carry on.
   * A CLI run (no checkOnStart) only re-reads: its signing resumes from the head as before.
   */
  takeOver(): Promise<void> {
    this.submittedSize = undefined;
    this.witnesses.reload();
    if (!this.fullCheckOnTakeOver) return Promise.resolve();
    const check = this.checkOnStart().finally(() => {
      if (this.takingOver === check) this.takingOver = undefined;
    });
    this.takingOver = check;
    return check;
  }

  /**
   * The server's start: re-read the log up to the last signed head and check its root before signing
   * anything more (AuditService.checkSignedHead). Not awaited by the server's start: a long log is read
   * while the server already answers, and nothing is signed until the check has passed.
   */
  async checkOnStart(): Promise<void> {
    this.fullCheckOnTakeOver = true;
    // A server standing by checks nothing yet: it will when it becomes the signer (takeOver).
    if (!this.audit.isSigner()) return;
    const started = Date.now();
    this.busy = true;
    try {
      const outcome = await this.audit.checkSignedHead();
      const head = this.audit.lastSignedHead();
      // A witness may have missed the last head (the server stopped before it answered): send it again.
      void this.witnesses.submitHead();
      this.logger.log(head ? `The log extends the last signed head (${head.treeSize} events, root ${head.rootHash}), checked in ${Date.now() - started} ms${outcome.created ? `; signed ${outcome.checkpoint?.treeSize} events` : ''}` : 'No head signed yet: the first commit will be signed');
    } catch (error) {
      this.reportRefusal(error);
    } finally {
      this.busy = false;
    }
  }

  /** One look at the log: sign if it grew since the last signed head. Public so tests can drive it. */
  async signIfGrown(): Promise<void> {
    if (this.busy || !this.audit.isSigner() || this.audit.signingStatus().state === 'refusing') return;
    this.busy = true;
    try {
      const head = await this.store.headPosition();
      if (head > this.audit.signedPosition()) await this.audit.takeCheckpoint();
      // Every new head goes to the witnesses, whoever signed it (this timer, an import, an export, the API).
      const signed = this.audit.lastSignedHead()?.treeSize;
      if (signed !== undefined && signed !== this.submittedSize) {
        this.submittedSize = signed;
        void this.witnesses.submitHead();
      }
    } catch (error) {
      this.reportRefusal(error);
    } finally {
      this.busy = false;
    }
  }

  /** Once, as an error: the health page, the metrics and the audit page keep saying it after. */
  private reportRefusal(error: unknown): void {
    const status = this.audit.signingStatus();
    if (status.state === 'refusing') {
      if (!this.refusalLogged) this.logger.error(`${status.reason} No new head will be signed: the server will not start a new history over a changed one. Find out what changed the data folder (verify names the events), restore it from a backup, and restart.`);
      this.refusalLogged = true;
      return;
    }
    this.logger.error(`Could not sign the head of the log: ${(error as Error).message}; trying again in ${this.everyMs} ms`);
  }
}
