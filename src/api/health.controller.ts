import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

@Controller('api/health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Liveness plus the size of the log, so an operator sees at a glance that the store answers. */
  @Get()
  async health() {
    return { status: 'ok', eventStore: this.store.kind, headPosition: await this.store.headPosition() };
  }
}
