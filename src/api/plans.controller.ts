import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { PlanFactsReader } from '../projections/plan-facts/plan-facts.reader';
import { readClocks } from '../projections/shared/report-time';
import { GetPlanState } from '../projections/plan-state/get-plan-state.query';
import { ApiCommands, issueCommand } from './issue-command';
import { ApiClocks, ApiCommand, ApiRead } from './openapi-schemas';
import { setStreamTag, streamVersionTag } from './stream-etag';
import { planStreamId } from '../domain/identifiers';
import { LIMITS } from '../domain/limits';
import { InvalidInput } from '../domain/errors';
import { pageAfter, pageLimit } from './page-cursor';

/** Plans and their priorities: created and shaped by the board (or an administrator). */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: ApiCommands,
    private readonly queries: QueryBus,
    private readonly plans: PlanFactsReader,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The plans on record (as known at knownAt, default now)' })
  @ApiClocks({ asOf: false })
  @ApiQuery({ name: 'after', required: false, description: 'The plan id to list after (the `next` of the page before); default: from the first', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'limit', required: false, description: 'How many plans (default 500)', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } })
  @ApiRead('PlanList')
  async list(@Query('knownAt') knownAt?: string, @Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const clocks = readClocks(undefined, knownAt);
    if (after !== undefined && (typeof after !== 'string' || after.length === 0 || after.length > 200)) throw new InvalidInput('after', 'give the plan id to list after (the "next" of the page before)');
    const { page, next } = pageAfter(await this.plans.planIds(clocks.knownAt), (id) => id, after as string | undefined, (id, cursor) => id > cursor, pageLimit(limit, 'limit', 500, 1000));
    return { plans: page, ...(next !== undefined ? { next } : {}) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a plan with its RAG scale and sign-off rules' })
  @ApiCommand(commands.CreatePlanInput)
  create(@Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.CreatePlanCommand, body, {}, caller);
  }

  @Get(':planId')
  @ApiOperation({ summary: 'The plan as effective on asOf, as recorded by knownAt' })
  @ApiClocks()
  @ApiRead('PlanState', { etag: true })
  async state(@Param('planId') planId: string, @Res({ passthrough: true }) response: Response, @Query('asOf') asOf?: string, @Query('knownAt') knownAt?: string) {
    const tag = await streamVersionTag(this.queries, planStreamId(planId));
    const plan: unknown = await this.queries.execute(new GetPlanState(planId, asOf, knownAt));
    setStreamTag(response, tag);
    return plan;
  }

  @Post(':planId/rag-scale')
  @ApiOperation({ summary: "Replace the plan's RAG scale (existing codes must stay)" })
  @ApiCommand(commands.DefineRagScaleInput)
  defineScale(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.DefineRagScaleCommand, body, { planId }, caller);
  }

  @Post(':planId/priorities')
  @ApiOperation({ summary: 'Add a priority' })
  @ApiCommand(commands.AddPriorityInput)
  addPriority(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AddPriorityCommand, body, { planId }, caller);
  }

  @Patch(':planId/priorities/:number')
  @ApiOperation({ summary: "Amend a priority's title or outcome" })
  @ApiParam({ name: 'number', description: "The priority's number", schema: { type: 'integer', minimum: 1, maximum: LIMITS.priorityNumber } })
  @ApiCommand(commands.AmendPriorityInput)
  amendPriority(@Param('planId') planId: string, @Param('number') number: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AmendPriorityCommand, body, { planId, number: priorityNumber(number) }, caller);
  }

  @Patch(':planId/settings')
  @ApiOperation({ summary: 'Change who signs off, separation of duties or the minimum hold, with a reason (the board or an administrator)' })
  @ApiCommand(commands.ChangePlanSettingsInput)
  changeSettings(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.ChangePlanSettingsCommand, body, { planId }, caller);
  }

  @Post(':planId/reporting-points')
  @ApiOperation({ summary: 'Name a board date such as "Nov 16"' })
  @ApiCommand(commands.RecordReportingPointInput)
  recordReportingPoint(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.RecordReportingPointCommand, body, { planId }, caller);
  }
}

/** A priority's number from the address: a whole number, or the text as given so validation names it. */
function priorityNumber(text: string): number | string {
  return /^\d{1,3}$/.test(text) ? Number(text) : text;
}
