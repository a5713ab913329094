import { Public } from '../auth/public.decorator';
import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Projector } from '../projections/projector/projector.service';

@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  /** Liveness, the size of the log, and how far the read models are behind it. */
  @Get()
  async health() {
    const lag = await this.projector.lag();
    return { status: 'ok', eventStore: this.store.kind, headPosition: lag.head, projection: { checkpoint: lag.checkpoint, behind: lag.behind } };
  }
}
