import { Public } from '../auth/public.decorator';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PlanTimelines } from '../projections/plan-facts/plan-timelines';
import { GetReadSideHealth, ReadSideHealth } from '../projections/projection-lag/get-read-side-health.query';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly queries: QueryBus,
    private readonly timelines: PlanTimelines,
  ) {}

  /**
   * Liveness, the size of the log, how far the read models are behind it, and how much of the plans'
   * history is in memory. `degraded` (still 200: the process is alive) while the read side is stopped,
   * retrying, held up, or more than READY_MAX_LAG behind, with the reason, the last error and the restarts.
   * The same picture as the audit page's (GetReadSideHealth).
   */
  @Get()
  async health() {
    const read: ReadSideHealth = await this.queries.execute(new GetReadSideHealth());
    return {
      status: read.reason ? 'degraded' : 'ok',
      ...(read.reason ? { reason: read.reason } : {}),
      eventStore: read.store,
      headPosition: read.head,
      projection: { checkpoint: read.checkpoint, behind: read.behind, state: read.state, lastError: read.lastError, restarts: read.restarts, checkpointAt: read.checkpointAt },
      timelines: this.timelines.size,
    };
  }

  /**
   * Readiness for a load balancer: ready while the projector is following the log and the read
   * models are no more than READY_MAX_LAG events (default 1000) behind it, so reads are current.
   */
  @Get('ready')
  async ready() {
    const read: ReadSideHealth = await this.queries.execute(new GetReadSideHealth());
    const body = { ready: !read.reason, projection: { checkpoint: read.checkpoint, head: read.head, behind: read.behind, allowed: read.allowed, state: read.state, restarts: read.restarts } };
    if (read.reason) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: read.reason, ...body });
    return body;
  }
}
