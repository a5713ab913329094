import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { APP_CONFIG, AppConfig } from '../config';
import { requireRole } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { Metrics } from '../observability/metrics';

/** Who may scrape: the people who watch the system (administrators) and check it (auditors). */
const METRICS_READERS = ['admin', 'auditor'] as const;

/**
 * Prometheus's scrape target. The figures say how busy the council's service is and how far its
 * reports are behind, so by default only an administrator's or an auditor's API token (Prometheus
 * sends one with `authorization: { credentials_file: … }`) or session reads them; METRICS_PUBLIC=true
 * opens them to anyone who can reach the server, for a scrape on a private network.
 */
@ApiTags('health')
@ApiBearerAuth()
@Controller('api/metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Public to the guard so that METRICS_PUBLIC can open it; the caller is checked here otherwise.
  @Public()
  @Get()
  @ApiOperation({ summary: 'Metrics in Prometheus text format: events appended, command latency, projection lag, projector restarts, last checkpoint age, and the process (administrators and auditors, unless METRICS_PUBLIC=true)' })
  async scrape(@Req() request: Request & { caller?: ActorRef }, @Res() response: Response): Promise<void> {
    if (!this.config.metricsPublic) {
      if (!request.caller) throw new UnauthorizedException('Metrics are for administrators and auditors: send an API token as "Authorization: Bearer <token>" (or set METRICS_PUBLIC=true for a scrape on a private network)');
      requireRole(request.caller, METRICS_READERS, 'read the metrics');
    }
    const text = await this.metrics.text();
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(text);
  }
}
