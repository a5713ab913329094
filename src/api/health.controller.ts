import { Public } from '../auth/public.decorator';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { Projector } from '../projections/projector/projector.service';
import { PlanTimelines } from '../projections/plan-facts/plan-timelines';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly projector: Projector,
    private readonly timelines: PlanTimelines,
  ) {}

  /**
   * Liveness, the size of the log, how far the read models are behind it, and how much of the plans'
   * history is in memory. `degraded` (still 200: the process is alive) while the read side is stopped,
   * retrying, held up, or more than READY_MAX_LAG behind, with the reason, the last error and the restarts.
   */
  @Get()
  health() {
    // Counters kept by the projector, not a query: the page answers at once however busy the files are.
    const lag = this.projector.lagNow();
    const read = this.readSide(lag.behind);
    return {
      status: read.reason ? 'degraded' : 'ok',
      ...(read.reason ? { reason: read.reason } : {}),
      eventStore: this.projector.storeKind,
      headPosition: lag.head,
      projection: { checkpoint: lag.checkpoint, behind: lag.behind, state: read.state, lastError: read.lastError ?? null, restarts: read.restarts },
      timelines: this.timelines.size,
    };
  }

  /**
   * Readiness for a load balancer: ready while the projector is following the log and the read
   * models are no more than READY_MAX_LAG events (default 1000) behind it, so reads are current.
   */
  @Get('ready')
  ready() {
    const lag = this.projector.lagNow();
    const read = this.readSide(lag.behind);
    const body = { ready: !read.reason, projection: { checkpoint: lag.checkpoint, head: lag.head, behind: lag.behind, allowed: read.allowed, state: read.state, restarts: read.restarts } };
    if (read.reason) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: read.reason, ...body });
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
