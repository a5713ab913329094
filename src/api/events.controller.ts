import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiRead } from './openapi-schemas';
import { QueryBus } from '@nestjs/cqrs';
import { InvalidInput } from '../domain/errors';
import { wholeNumber } from './page-cursor';
import { GetLogEvents, GetStreamEvents, LoggedEvent } from '../projections/event-log/event-log.queries';

/** Read-only access to the raw log, for inspectors and auditors who want the facts themselves. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('api')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('streams/:streamId/events')
  @ApiOperation({ summary: "Every event of one stream, oldest first (e.g. plan-sunderland-2017, action-sunderland-2017/1.1); the ETag is the stream's version" })
  @ApiRead('StreamEvents', { etag: true })
  async stream(@Param('streamId') streamId: string, @Res({ passthrough: true }) response: Response) {
    const events = (await this.queries.execute(new GetStreamEvents(streamId))) as LoggedEvent[];
    if (events.length > 0) response.setHeader('ETag', `"${events[events.length - 1].streamVersion}"`);
    return { streamId, events };
  }

  @Get('events')
  @ApiOperation({ summary: 'The whole log in order, a page at a time: the events after global position `after`' })
  @ApiQuery({ name: 'after', required: false, description: 'The global position to read after (default 0, the start); the last event of a page gives the next', schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiQuery({ name: 'limit', required: false, description: 'How many events (default 100)', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiRead('LogEvents')
  async all(@Query('after') after = '0', @Query('limit') limit = '100') {
    const from = wholeNumber(after, 'after');
    const count = wholeNumber(limit, 'limit');
    if (count < 1 || count > 1000) throw new InvalidInput('limit', 'ask for 1 to 1000 events at a time');
    const events = (await this.queries.execute(new GetLogEvents(from, count))) as LoggedEvent[];
    // The cursor for the next page: a full page may have more after it; a short one is the end of the log for now.
    return { after: from, events, ...(events.length === count ? { next: events[events.length - 1].globalPosition } : {}) };
  }
}
