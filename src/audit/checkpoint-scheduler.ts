import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AuditService } from './audit.service';

export const CHECKPOINT_INTERVAL = Symbol('CheckpointIntervalMinutes');
export const CHECKPOINT_TIMER = Symbol('CheckpointTimer');

/** Runs `tick` every `ms` until the returned function is called. Tests pass one they drive by hand. */
export type RepeatEvery = (ms: number, tick: () => Promise<void>) => () => void;

const everyWithNodeTimers: RepeatEvery = (ms, tick) => {
  const timer = setInterval(() => void tick(), ms);
  // A pending checkpoint never keeps a process (a CLI run, a test) alive.
  timer.unref();
  return () => clearInterval(timer);
};

/** CHECKPOINT_INTERVAL_MINUTES, default 60; 0 turns scheduled checkpoints off. */
export function checkpointIntervalMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CHECKPOINT_INTERVAL_MINUTES;
  const minutes = raw === undefined || raw === '' ? 60 : Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error(`CHECKPOINT_INTERVAL_MINUTES must be a number of minutes (0 to turn it off), not "${raw}"`);
  return minutes;
}

/**
 * Signs a checkpoint every CHECKPOINT_INTERVAL_MINUTES while the application runs,
 * when the log has grown since the last one. An auditor can then bound how long
 * any event went unsigned. Failures are logged, not thrown: a log that no longer
 * matches its checkpoints must not stop the server, and verify reports the detail.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private cancel?: () => void;

  constructor(
    private readonly audit: AuditService,
    @Inject(CHECKPOINT_INTERVAL) private readonly intervalMinutes: number,
    @Optional() @Inject(CHECKPOINT_TIMER) private readonly every: RepeatEvery = everyWithNodeTimers,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  start(): void {
    if (this.cancel || this.intervalMinutes <= 0) return;
    this.cancel = this.every(this.intervalMinutes * 60_000, () => this.tick());
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** One scheduled checkpoint: signed only if the log grew. Public so tests need not wait an hour. */
  async tick(): Promise<void> {
    // Among several servers on one log, the signer alone makes them.
    if (!this.audit.isSigner()) return;
    try {
      const outcome = await this.audit.takeCheckpoint();
      if (outcome.created && outcome.checkpoint) this.logger.log(`Signed checkpoint of ${outcome.checkpoint.treeSize} events, root ${outcome.checkpoint.rootHash}`);
    } catch (error) {
      this.logger.error(`Could not sign a checkpoint: ${(error as Error).message}`);
    }
  }
}
