import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { WitnessSubmitter } from '../audit/witnesses';
import { Caller } from '../auth/public.decorator';
import { requireRole } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { GetReadSideHealth, ReadSideHealth } from '../projections/projection-lag/get-read-side-health.query';
import { AUDIT_PAGE_READERS } from './audit/audit-page-readers';
import { EVENT_LOG_VERIFIER, EventLogVerifier } from './audit/event-log-verifier';
import { WebErrorFilter } from './web-error.filter';
import { WebPages, WebRequest } from './web-pages';

/**
 * For auditors and administrators: has anything in the record been altered since it was written,
 * and are the read models (what every page and report shows) keeping up with it? The same rule as
 * the API's full verification: those two roles only, one verification at a time (a second is
 * answered 429 by the error filter while one runs).
 */
@Controller('audit')
@UseFilters(WebErrorFilter)
@ApiExcludeController()
export class AuditPageController {
  constructor(
    @Inject(EVENT_LOG_VERIFIER) private readonly verifier: EventLogVerifier,
    private readonly queries: QueryBus,
    private readonly pages: WebPages,
    private readonly auditService: AuditService,
    private readonly witnesses: WitnessSubmitter,
  ) {}

  @Get()
  async audit(@Req() request: WebRequest, @Res() response: Response, @Caller() caller: ActorRef) {
    requireRole(caller, AUDIT_PAGE_READERS, 'check the record or see how the read side is keeping up');
    // Read before the verification, which can take a while on a long log: the page shows the read side as the auditor asked.
    const readSide: ReadSideHealth = await this.queries.execute(new GetReadSideHealth());
    const result = await this.verifier.verify();
    this.pages.render(request, response, 'audit.njk', {
      pageTitle: 'Check the record has not been altered',
      result,
      problems: result.problems.slice(0, 200),
      readSide,
      signing: this.auditService.signingStatus(),
      witnessStatus: this.witnesses.status(),
      checkpointAgeSeconds: readSide.checkpointAt ? Math.max(0, Math.round((Date.now() - Date.parse(readSide.checkpointAt)) / 1000)) : undefined,
    });
  }
}
