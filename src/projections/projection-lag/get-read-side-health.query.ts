import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Projector } from '../projector/projector.service';
import { ProjectorState, ProjectorStatus } from '../projector/projector-recovery';

/** Is the read side current, and if not, why: what /api/health, readiness and the audit page show. */
export class GetReadSideHealth {}

export interface ReadSideHealth {
  /** Present while the read side is stopped, retrying, held up, or more than READY_MAX_LAG behind: the first reason, in words. */
  reason?: string;
  /** sqlite or eventstoredb. */
  store: string;
  head: number;
  checkpoint: number;
  /** Events recorded but not yet in the read models. */
  behind: number;
  /** READY_MAX_LAG: how far behind still counts as current (default 1000). */
  allowed: number;
  state: ProjectorState;
  lastError: ProjectorStatus['lastError'] | null;
  restarts: number;
  /** When the read models last took a batch (their checkpoint was written), null before the first. */
  checkpointAt: string | null;
}

@QueryHandler(GetReadSideHealth)
export class GetReadSideHealthHandler implements IQueryHandler<GetReadSideHealth, ReadSideHealth> {
  constructor(private readonly projector: Projector) {}

  async execute(): Promise<ReadSideHealth> {
    // Counters the projector keeps, not a query on the two files: /api/health and readiness answer at
    // once however busy the server is (issue 23), and the audit page shows the same figures.
    const lag = this.projector.lagNow();
    const status = this.projector.status();
    const allowed = Number(process.env.READY_MAX_LAG ?? 1000);
    const reason = status.reason ?? (lag.behind > allowed ? `The read models are ${lag.behind} events behind the log (more than READY_MAX_LAG, ${allowed}); wait for them to catch up` : undefined);
    return {
      ...(reason ? { reason } : {}),
      store: this.projector.storeKind,
      head: lag.head,
      checkpoint: lag.checkpoint,
      behind: lag.behind,
      allowed,
      state: status.state,
      lastError: status.lastError ?? null,
      restarts: status.restarts,
      checkpointAt: this.projector.checkpointWrittenAt() ?? null,
    };
  }
}
