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

  /** Liveness, the size of the log, how far the read models are behind it, and how much of the plans' history is in memory. */
  @Get()
  async health() {
    const lag = await this.projector.lag();
    return {
      status: 'ok',
      eventStore: this.projector.storeKind,
      headPosition: lag.head,
      projection: { checkpoint: lag.checkpoint, behind: lag.behind },
      timelines: this.timelines.size,
    };
  }

  /**
   * Readiness for a load balancer: ready while the read models are no more than
   * READY_MAX_LAG events (default 1000) behind the log, so reads are current.
   */
  @Get('ready')
  async ready() {
    const lag = await this.projector.lag();
    const allowed = Number(process.env.READY_MAX_LAG ?? 1000);
    const body = { ready: lag.behind <= allowed, projection: { checkpoint: lag.checkpoint, head: lag.head, behind: lag.behind, allowed } };
    if (!body.ready) throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: `The read models are ${lag.behind} events behind the log; wait for them to catch up`, ...body });
    return body;
  }
}
