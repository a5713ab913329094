import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { InvalidInput } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

/** Read-only access to the raw log, for inspectors and auditors who want the facts themselves. */
@Controller('api')
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('streams/:streamId/events')
  async stream(@Param('streamId') streamId: string) {
    return { streamId, events: await this.store.readStream(streamId) };
  }

  @Get('events')
  async all(@Query('after') after = '0', @Query('limit') limit = '100') {
    const from = wholeNumber(after, 'after');
    const count = wholeNumber(limit, 'limit');
    if (count < 1 || count > 1000) throw new InvalidInput('limit', 'ask for 1 to 1000 events at a time');
    return { after: from, events: await this.store.readAll({ after: from, limit: count }) };
  }
}

function wholeNumber(value: string, field: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidInput(field, `"${value}" is not a whole number`);
  return Number(value);
}
