import { Controller, Get, NotAcceptableException, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Request, Response } from 'express';
import { NotFound } from '../domain/errors';
import { renderReport, requireFormat, CONTENT_TYPES, FORMATS, ReportFormat } from '../reports/render/render';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiClocks, ApiRead } from './openapi-schemas';
import { REPORTS, reportNamed } from '../reports/report-catalogue';
import { attachmentHeader } from './attachment-header';
import { htmlReportPolicy } from './html-report-policy';

/**
 * Each report's JSON and its schema in openapi-responses.ts. The contract client (test/contract-client/)
 * asks for every report the `name` parameter lists and checks each answer against its own schema, so a
 * report added here without one fails there.
 */
const REPORT_SCHEMAS: Record<string, string> = {
  'plan-state': 'PlanState',
  'rag-summary': 'RagSummary',
  'previous-vs-current': 'PreviousVsCurrent',
  'completion-register': 'CompletionRegister',
  history: 'RatingHistory',
  'due-by': 'DueBy',
  'due-between': 'DueBetween',
  'rag-table': 'RagTable',
  'added-between': 'AddedBetween',
  overdue: 'Overdue',
  kpis: 'KpiTable',
  'milestones-due': 'MilestonesDue',
  'milestones-overdue': 'MilestonesOverdue',
  'milestones-completed': 'MilestonesCompleted',
  committee: 'CommitteeReport',
};

/** Every report for any date: GET /api/plans/:planId/reports/:name?asOf=&knownAt=&from=&to=&format= */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/plans/:planId/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The reports there are, by name' })
  @ApiRead('ReportList')
  list(@Param('planId') _planId: string) {
    return Object.entries(REPORTS).map(([name, spec]) => ({ name, description: spec.description }));
  }

  @Get(':name')
  @ApiOperation({ summary: 'One report for any date, in JSON (the data) or as tables (md, csv, html, docx)' })
  @ApiParam({ name: 'name', schema: { type: 'string', enum: Object.keys(REPORTS) } })
  @ApiClocks()
  @ApiQuery({ name: 'from', required: false, description: 'The first column of a two-date report (rag-summary, previous-vs-current; required there), or the start of the window of milestones-due and the period of milestones-completed (required there): a board date\'s label such as "Nov 16", or a date', schema: { type: 'string', maxLength: 200, examples: ['Nov 16'] } })
  @ApiQuery({ name: 'to', required: false, description: 'The second column (default now), or the end of the window of milestones-due (required there) and of the period of milestones-completed (default now): a board date\'s label or a date', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'dueBy', required: false, description: 'For due-by: the date actions are due by, e.g. 2019-01-31, 31/01/2019 or 31 Jan 2019 (day first)', schema: { type: 'string' } })
  @ApiQuery({ name: 'dueFrom', required: false, description: 'For due-between (and the committee\'s due-between section): the first due date of the window (e.g. 2019-02-01, 01/02/2019 or a board date\'s label)', schema: { type: 'string', maxLength: 200, examples: ['2019-02-01'] } })
  @ApiQuery({ name: 'dueTo', required: false, description: 'For due-between: the last due date of the window, included', schema: { type: 'string', maxLength: 200, examples: ['2019-03-31'] } })
  @ApiQuery({ name: 'orientation', required: false, description: 'For rag-table (and the committee\'s rag-table section): what the rows are, RAG codes or priorities', schema: { type: 'string', enum: ['codes', 'priorities'], default: 'codes' } })
  @ApiQuery({ name: 'newSince', required: false, description: 'For rag-table: count as new the actions added after this date or board date (default: the board date before asOf)', schema: { type: 'string', maxLength: 200, examples: ['Nov 16'] } })
  @ApiQuery({ name: 'columns', required: false, description: 'Optional columns of the action tables (due-by, due-between, previous-vs-current, overdue, added-between, committee), comma-separated: lead, due, commentary (the update from the service)', schema: { type: 'string', maxLength: 200, examples: ['lead,due,commentary'] } })
  @ApiQuery({ name: 'sections', required: false, description: 'For committee: the sections, comma-separated, in order: rag-summary, rag-table, previous-vs-current, red-amber, due-between, new-actions, completion-register', schema: { type: 'string', maxLength: 500, examples: ['rag-table,red-amber,due-between'] } })
  @ApiQuery({ name: 'ref', required: false, description: "For history: the action's reference, e.g. 3.2", schema: { type: 'string' } })
  @ApiQuery({ name: 'format', required: false, description: 'How to lay it out; without it, the Accept header chooses (JSON when it allows anything)', schema: { type: 'string', enum: [...FORMATS], default: 'json' } })
  @ApiOkResponse({
    description: `The report. In JSON, by name: ${Object.entries(REPORT_SCHEMAS).map(([report, schema]) => `${report} is ${schema}`).join(', ')}.`,
    content: {
      'application/json': { schema: { anyOf: [...new Set(Object.values(REPORT_SCHEMAS))].map((name) => ({ $ref: `#/components/schemas/${name}` })) } },
      'text/markdown': { schema: { type: 'string' } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      [CONTENT_TYPES.docx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiResponse({ status: 406, description: 'None of the types in Accept can be given' })
  async report(@Param('planId') planId: string, @Param('name') name: string, @Query() query: Record<string, string | undefined>, @Req() request: Request, @Res() response: Response) {
    const spec = reportNamed(name);
    if (!spec) throw new NotFound(`There is no report called "${name}"; choose one of ${Object.keys(REPORTS).join(', ')}`);
    const format = query.format !== undefined ? requireFormat(query.format) : formatAccepted(request);
    const { data, document } = await spec.run(this.queries, {
      planId,
      asOf: query.asOf,
      knownAt: query.knownAt,
      from: query.from,
      to: query.to,
      dueBy: query.dueBy,
      reference: query.ref,
      dueFrom: query.dueFrom,
      dueTo: query.dueTo,
      orientation: query.orientation,
      newSince: query.newSince,
      columns: query.columns,
      sections: query.sections,
    });
    const body = await renderReport(format, data, document);
    response.setHeader('Content-Type', CONTENT_TYPES[format]);
    response.setHeader('Vary', 'Accept');
    if (format === 'html') response.setHeader('Content-Security-Policy', htmlReportPolicy(body.toString()));
    if (format === 'docx' || format === 'csv') response.setHeader('Content-Disposition', attachmentHeader(`${planId}-${name}.${format}`));
    response.send(body);
  }
}

/** Without ?format=, the Accept header chooses among the formats (JSON first for a client that takes anything); none of them is a 406. */
function formatAccepted(request: Request): ReportFormat {
  if (!request.headers.accept) return 'json';
  const byType = Object.fromEntries(FORMATS.map((format) => [CONTENT_TYPES[format].split(';')[0], format])) as Record<string, ReportFormat>;
  const chosen = request.accepts(Object.keys(byType));
  if (!chosen) throw new NotAcceptableException(`None of the types in Accept can be given; this report comes as ${Object.keys(byType).join(', ')} (or choose with ?format=)`);
  return byType[chosen];
}
