import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { EVENT_LOG_VERIFIER, EventLogVerifier } from './audit/event-log-verifier';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

/** For auditors (and anyone signed in): has anything in the record been altered since it was written? */
@Controller('audit')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class AuditPageController {
  constructor(
    @Inject(EVENT_LOG_VERIFIER) private readonly verifier: EventLogVerifier,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async audit(@Req() request: WebRequest, @Res() response: Response) {
    const result = await this.verifier.verify();
    this.pages.render(request, response, 'audit.njk', { pageTitle: 'Check the record has not been altered', result, problems: result.problems.slice(0, 200) });
  }
}
