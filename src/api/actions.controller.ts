import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { IssuedBy } from '../commands/shared/issued-by';
import { GetRatingHistory } from '../projections/rating-history/get-rating-history.query';
import { ApiCommands, issueCommand } from './issue-command';
import { schemaRef } from './openapi-schemas';

type CommandType = new (input: unknown, issuedBy: IssuedBy) => object;

/**
 * One action of a plan: its ratings, evidence, milestones and completion. Who may
 * do what is the domain's rule (leads rate and submit evidence, the plan's
 * sign-off role reviews and signs off, the board shapes the plan); a refusal is 403.
 */
@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/plans/:planId/actions')
export class ActionsController {
  constructor(
    private readonly commands: ApiCommands,
    private readonly queries: QueryBus,
  ) {}

  private send(type: CommandType, planId: string, reference: string, body: unknown, caller: WriterContext, extra: Record<string, unknown> = {}) {
    return issueCommand(this.commands, type, { ...(body as object), ...extra }, { planId, reference }, caller);
  }

  @Post()
  @ApiOperation({ summary: 'Add an action to a priority (board)' })
  @ApiBody(schemaRef('AddActionInput'))
  add(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AddActionCommand, body, { planId }, caller);
  }

  @Get(':reference/history')
  @ApiOperation({ summary: "The action's full history: ratings, corrections, commentary, evidence, sign-off" })
  history(@Param('planId') planId: string, @Param('reference') reference: string, @Query('asOf') asOf?: string, @Query('knownAt') knownAt?: string) {
    return this.queries.execute(new GetRatingHistory(planId, reference, asOf, knownAt));
  }

  @Patch(':reference')
  @ApiOperation({ summary: "Amend an action's wording, lead, due date or priority (board)" })
  @ApiBody(schemaRef('AmendActionInput'))
  amend(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AmendActionCommand, planId, reference, body, caller);
  }

  @Post(':reference/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw the action, with a reason (board)' })
  @ApiBody(schemaRef('WithdrawActionInput'))
  withdraw(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.WithdrawActionCommand, planId, reference, body, caller);
  }

  @Post(':reference/ratings')
  @ApiOperation({ summary: 'Change the RAG rating, with the "update from service" commentary (lead, board)' })
  @ApiBody(schemaRef('ChangeRatingInput'))
  rate(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ChangeRatingCommand, planId, reference, body, caller);
  }

  @Post(':reference/ratings/:eventId/correction')
  @ApiOperation({ summary: 'Correct a recorded rating, with a reason; the original stays in the history (lead, board)' })
  @ApiBody(schemaRef('CorrectRatingInput'))
  correct(@Param('planId') planId: string, @Param('reference') reference: string, @Param('eventId') eventId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.CorrectRatingCommand, planId, reference, body, caller, { correctsEventId: eventId });
  }

  @Post(':reference/criteria')
  @ApiOperation({ summary: 'Assess the five project criteria; the rating follows (lead, board)' })
  @ApiBody(schemaRef('AssessCriteriaInput'))
  assess(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AssessCriteriaCommand, planId, reference, body, caller);
  }

  @Post(':reference/milestones')
  @ApiOperation({ summary: 'Add a milestone (lead, board)' })
  @ApiBody(schemaRef('AddMilestoneInput'))
  addMilestone(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AddMilestoneCommand, planId, reference, body, caller);
  }

  @Post(':reference/milestones/:milestoneId/status')
  @ApiOperation({ summary: "Change a milestone's status (lead, board)" })
  @ApiBody(schemaRef('ChangeMilestoneStatusInput'))
  milestoneStatus(@Param('planId') planId: string, @Param('reference') reference: string, @Param('milestoneId') milestoneId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ChangeMilestoneStatusCommand, planId, reference, body, caller, { milestoneId });
  }

  @Post(':reference/evidence')
  @ApiOperation({ summary: 'Submit evidence without a file (lead, board); files go to the upload endpoint' })
  @ApiBody(schemaRef('SubmitEvidenceInput'))
  submitEvidence(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.SubmitEvidenceCommand, planId, reference, body, caller);
  }

  @Post(':reference/evidence/:evidenceId/acceptance')
  @ApiOperation({ summary: "Accept submitted evidence (the plan's sign-off role)" })
  @ApiBody(schemaRef('AcceptEvidenceInput'))
  accept(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AcceptEvidenceCommand, planId, reference, body, caller, { evidenceId });
  }

  @Post(':reference/evidence/:evidenceId/rejection')
  @ApiOperation({ summary: "Reject submitted evidence, with a reason (the plan's sign-off role)" })
  @ApiBody(schemaRef('RejectEvidenceInput'))
  reject(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.RejectEvidenceCommand, planId, reference, body, caller, { evidenceId });
  }

  @Post(':reference/sign-off')
  @ApiOperation({ summary: "Sign the action off as completed and evidenced (the plan's sign-off role)" })
  @ApiBody(schemaRef('SignOffCompletionInput'))
  signOff(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.SignOffCompletionCommand, planId, reference, body, caller);
  }

  @Post(':reference/reopening')
  @ApiOperation({ summary: "Reopen a completed action, with a reason (the sign-off role or the board)" })
  @ApiBody(schemaRef('ReopenActionInput'))
  reopen(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ReopenActionCommand, planId, reference, body, caller);
  }
}
