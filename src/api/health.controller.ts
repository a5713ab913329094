import { Public } from '../auth/public.decorator';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Projector } from '../projections/projector/projector.service';
import { PlanTimelines } from '../projections/plan-facts/plan-timelines';
import { StorageHealth } from '../storage-health';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly projector: Projector,
    private readonly timelines: PlanTimelines,
    private readonly storage: StorageHealth,
  ) {}

  /**
   * Liveness, the size of the log, how far the read models are behind it, and how much of the plans'
   * history is in memory. `degraded` (still 200: the process is alive) while the read side is stopped,
   * retrying, held up, or more than READY_MAX_LAG behind, with the reason, the last error and the restarts;
   * and while the disk holding the data folder refuses writes or is nearly full (its free space is shown).
   * The disk's reason comes first: a full disk also holds up the projector, and is the cause to fix.
   */
  @Get()
  async health() {
    const lag = await this.projector.lag();
    const read = this.readSide(lag.behind);
    const disk = await this.storage.status();
    const reason = disk.reason ?? read.reason;
    return {
      status: reason ? 'degraded' : 'ok',
      ...(reason ? { reason } : {}),
      eventStore: this.projector.storeKind,
      headPosition: lag.head,
      projection: { checkpoint: lag.checkpoint, behind: lag.behind, state: read.state, lastError: read.lastError ?? null, restarts: read.restarts },
      storage: { freeBytes: disk.freeBytes, totalBytes: disk.totalBytes, refusingWrites: disk.refusingWrites, lastRefusal: disk.lastFault },
      timelines: this.timelines.size,
    };
  }

  /**
   * Readiness for a load balancer: ready while the projector is following the log and the read
   * models are no more than READY_MAX_LAG events (default 1000) behind it, so reads are current; and not
   * while a write has been refused for a full or read-only disk that has not shown room again since.
   * A disk merely low on space is reported by /api/health but leaves the server ready: writes still succeed.
   */
  @Get('ready')
  async ready() {
    const lag = await this.projector.lag();
    const read = this.readSide(lag.behind);
    const disk = await this.storage.status();
    const reason = (disk.refusingWrites ? disk.reason : undefined) ?? read.reason;
    const body = {
      ready: !reason,
      projection: { checkpoint: lag.checkpoint, head: lag.head, behind: lag.behind, allowed: read.allowed, state: read.state, restarts: read.restarts },
      storage: { freeBytes: disk.freeBytes, refusingWrites: disk.refusingWrites },
    };
    if (reason) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: reason, ...body });
    return body;
  }

  /** The projector's own state, and the lag against READY_MAX_LAG: the first reason the read side is not current, if any. */
  private readSide(behind: number) {
    const status = this.projector.status();
    const allowed = Number(process.env.READY_MAX_LAG ?? 1000);
    const reason = status.reason ?? (behind > allowed ? `The read models are ${behind} events behind the log (more than READY_MAX_LAG, ${allowed}); wait for them to catch up` : undefined);
    return { ...status, reason, allowed };
  }
}
