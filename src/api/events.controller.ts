import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InvalidInput } from '../domain/errors';
import { GetLogEvents, GetStreamEvents, LoggedEvent } from '../projections/event-log/event-log.queries';

/** Read-only access to the raw log, for inspectors and auditors who want the facts themselves. */
@Controller('api')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('streams/:streamId/events')
  async stream(@Param('streamId') streamId: string) {
    return { streamId, events: (await this.queries.execute(new GetStreamEvents(streamId))) as LoggedEvent[] };
  }

  @Get('events')
  async all(@Query('after') after = '0', @Query('limit') limit = '100') {
    const from = wholeNumber(after, 'after');
    const count = wholeNumber(limit, 'limit');
    if (count < 1 || count > 1000) throw new InvalidInput('limit', 'ask for 1 to 1000 events at a time');
    return { after: from, events: (await this.queries.execute(new GetLogEvents(from, count))) as LoggedEvent[] };
  }
}

function wholeNumber(value: string, field: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidInput(field, `"${value}" is not a whole number`);
  return Number(value);
}
