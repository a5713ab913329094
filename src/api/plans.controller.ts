import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { PlanFactsReader } from '../projections/plan-facts/plan-facts.reader';
import { readClocks } from '../projections/shared/report-time';
import { GetPlanState } from '../projections/plan-state/get-plan-state.query';
import { ApiCommands, issueCommand } from './issue-command';
import { schemaRef } from './openapi-schemas';

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
  async list(@Query('knownAt') knownAt?: string) {
    return { plans: await this.plans.planIds(readClocks(undefined, knownAt).knownAt) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a plan with its RAG scale and sign-off rules' })
  @ApiBody(schemaRef('CreatePlanInput'))
  create(@Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.CreatePlanCommand, body, {}, caller);
  }

  @Get(':planId')
  @ApiOperation({ summary: 'The plan as effective on asOf, as recorded by knownAt' })
  state(@Param('planId') planId: string, @Query('asOf') asOf?: string, @Query('knownAt') knownAt?: string) {
    return this.queries.execute(new GetPlanState(planId, asOf, knownAt));
  }

  @Post(':planId/rag-scale')
  @ApiOperation({ summary: "Replace the plan's RAG scale (existing codes must stay)" })
  @ApiBody(schemaRef('DefineRagScaleInput'))
  defineScale(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.DefineRagScaleCommand, body, { planId }, caller);
  }

  @Post(':planId/priorities')
  @ApiOperation({ summary: 'Add a priority' })
  @ApiBody(schemaRef('AddPriorityInput'))
  addPriority(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AddPriorityCommand, body, { planId }, caller);
  }

  @Patch(':planId/priorities/:number')
  @ApiOperation({ summary: "Amend a priority's title or outcome" })
  @ApiBody(schemaRef('AmendPriorityInput'))
  amendPriority(@Param('planId') planId: string, @Param('number') number: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AmendPriorityCommand, { ...(body as object), number: Number(number) }, { planId }, caller);
  }

  @Patch(':planId/settings')
  @ApiOperation({ summary: 'Change who signs off, separation of duties or the minimum hold, with a reason (the board or an administrator)' })
  @ApiBody(schemaRef('ChangePlanSettingsInput'))
  changeSettings(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.ChangePlanSettingsCommand, body, { planId }, caller);
  }

  @Post(':planId/reporting-points')
  @ApiOperation({ summary: 'Name a board date such as "Nov 16"' })
  @ApiBody(schemaRef('RecordReportingPointInput'))
  recordReportingPoint(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.RecordReportingPointCommand, body, { planId }, caller);
  }
}
