import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { NotFound } from '../domain/errors';
import { renderReport, requireFormat, CONTENT_TYPES } from '../reports/render/render';
import { REPORTS } from '../reports/report-catalogue';
import { attachmentHeader } from './attachment-header';
import { htmlReportPolicy } from './html-report-policy';

/** Every report for any date: GET /api/plans/:planId/reports/:name?asOf=&knownAt=&from=&to=&format= */
@Controller('api/plans/:planId/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list() {
    return Object.entries(REPORTS).map(([name, spec]) => ({ name, description: spec.description }));
  }

  @Get(':name')
  async report(@Param('planId') planId: string, @Param('name') name: string, @Query() query: Record<string, string | undefined>, @Res() response: Response) {
    const spec = REPORTS[name];
    if (!spec) throw new NotFound(`There is no report called "${name}"; choose one of ${Object.keys(REPORTS).join(', ')}`);
    const format = requireFormat(query.format ?? 'json');
    const { data, document } = await spec.run(this.queries, {
      planId,
      asOf: query.asOf,
      knownAt: query.knownAt,
      from: query.from,
      to: query.to,
      dueBy: query.dueBy,
      reference: query.ref,
    });
    const body = await renderReport(format, data, document);
    response.setHeader('Content-Type', CONTENT_TYPES[format]);
    if (format === 'html') response.setHeader('Content-Security-Policy', htmlReportPolicy(body.toString()));
    if (format === 'docx' || format === 'csv') response.setHeader('Content-Disposition', attachmentHeader(`${planId}-${name}.${format}`));
    response.send(body);
  }
}
