import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { BundleService } from '../audit/bundle.service';
import { actionHistoryBundle, eventBundle, reportBundle } from '../audit/bundle-requests';
import { ProofBundle } from '../audit/proof-bundle';
import { InvalidInput, NotFound } from '../domain/errors';
import { requirePlanId } from '../domain/identifiers';
import { readClocks } from '../projections/shared/report-time';
import { REPORTS, reportNamed } from '../reports/report-catalogue';
import { attachmentHeader } from './attachment-header';

/** The size of a checkpoint the caller holds, for a consistency proof from it. */
const treeSizeParameter = (value: string | undefined, field: string): number | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new InvalidInput(field, `"${value}" is not the tree size of a checkpoint you hold, e.g. ?${field}=244`);
  return Number(value);
};

/**
 * Offline proof bundles (c2sp.org/tlog-proof is the model): the events of one
 * event, one action's history or one report, each with its audit path to the
 * newest signed checkpoint, and that checkpoint with its witnesses' cosignatures.
 * An inspector downloads one and checks it later with tools/verify-export.js alone.
 * Anyone signed in may fetch one, as anyone may fetch a proof; nothing is signed
 * here, so an event recorded after the newest checkpoint is a 409, not a fresh signature.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit/bundles')
export class BundlesController {
  constructor(
    private readonly bundles: BundleService,
    private readonly queries: QueryBus,
  ) {}

  @Get('events/:eventId')
  @ApiOperation({ summary: 'A proof bundle for one event: the event, its audit path and the cosigned checkpoint (?from=<treeSize> adds a consistency proof from a checkpoint you hold)' })
  async event(@Param('eventId') eventId: string, @Res() response: Response, @Query('from') from?: string) {
    const bundle = await this.bundles.bundle(eventBundle(eventId, treeSizeParameter(from, 'from')));
    send(response, bundle, `event-${eventId}-proof-bundle.json`);
  }

  @Get('actions/:planId/:reference')
  @ApiOperation({ summary: "A proof bundle for one action's history: every event of its stream (recorded by ?knownAt=), each with its audit path, and the cosigned checkpoint" })
  async action(@Param('planId') planId: string, @Param('reference') reference: string, @Res() response: Response, @Query('knownAt') knownAt?: string, @Query('from') from?: string) {
    const until = knownAt ? readClocks(undefined, knownAt).knownAt : undefined;
    const bundle = await this.bundles.bundle(actionHistoryBundle(planId, reference, until, treeSizeParameter(from, 'from')));
    send(response, bundle, `${planId}-action-${reference}-proof-bundle.json`);
  }

  @Get('reports/:planId/:name')
  @ApiOperation({
    summary:
      'A proof bundle for a report: the report as JSON (asOf, knownAt, from, to, dueBy, ref as for the report; knownAt defaults to when the last event the newest checkpoint covers was recorded) and every event of the plan recorded by its knownAt, each with its audit path, and the cosigned checkpoint (?fromSize=<treeSize> adds a consistency proof)',
  })
  async report(@Param('planId') planId: string, @Param('name') name: string, @Query() query: Record<string, string | undefined>, @Res() response: Response) {
    requirePlanId(planId);
    const spec = reportNamed(name);
    if (!spec) throw new NotFound(`There is no report called "${name}"; choose one of ${Object.keys(REPORTS).join(', ')}`);
    const fromSize = treeSizeParameter(query.fromSize, 'fromSize');
    // knownAt is pinned to one instant, so the report and the events it is derived from are read as of the same moment;
    // without one, the moment the newest checkpoint covers, so "now" is the report as far as it is signed.
    const knownAt = query.knownAt ? readClocks(undefined, query.knownAt).knownAt : ((await this.bundles.signedUpTo()) ?? readClocks(undefined, undefined).knownAt);
    const given = { asOf: query.asOf, from: query.from, to: query.to, dueBy: query.dueBy, ref: query.ref };
    const parameters: Record<string, string> & { knownAt: string } = { knownAt };
    for (const [key, value] of Object.entries(given)) if (value !== undefined && value !== '') parameters[key] = value;
    // The report first: a missing or bad report parameter is a 400 before the log is read.
    const { data } = await spec.run(this.queries, { planId, asOf: query.asOf, knownAt, from: query.from, to: query.to, dueBy: query.dueBy, reference: query.ref });
    const bundle = await this.bundles.bundle(reportBundle(planId, name, parameters, data, fromSize));
    send(response, bundle, `${planId}-${name}-proof-bundle.json`);
  }
}

function send(response: Response, bundle: ProofBundle, fileName: string): void {
  response.setHeader('Content-Disposition', attachmentHeader(fileName));
  response.type('application/json').send(`${JSON.stringify(bundle, null, 2)}\n`);
}
