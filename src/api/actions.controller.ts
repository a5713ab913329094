import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { IssuedBy } from '../commands/shared/issued-by';
import { GetRatingHistory } from '../projections/rating-history/get-rating-history.query';
import { RatingHistory } from '../projections/rating-history/rating-history';
import { pageAfter, pageLimit, wholeNumber } from './page-cursor';
import { ApiCommands, issueCommand } from './issue-command';
import { ApiClocks, ApiCommand, ApiRead } from './openapi-schemas';
import { setStreamTag, streamVersionTag } from './stream-etag';
import { actionStreamId } from '../domain/identifiers';

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

  /** The plan, the action and any other id in the address are the command's, never the body's. */
  private send(type: CommandType, planId: string, reference: string, body: unknown, caller: WriterContext, fromPath: Record<string, string> = {}) {
    return issueCommand(this.commands, type, body, { planId, reference, ...fromPath }, caller);
  }

  @Post()
  @ApiOperation({ summary: 'Add an action to a priority (board)' })
  @ApiCommand(commands.AddActionInput)
  add(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AddActionCommand, body, { planId }, caller);
  }

  @Get(':reference/history')
  @ApiOperation({ summary: "The action's full history: ratings, corrections, commentary, evidence, sign-off" })
  @ApiClocks()
  @ApiQuery({ name: 'after', required: false, description: "The entry `position` to list after (the `next` of the page before); default: from the action's first event", schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'limit', required: false, description: 'How many entries (default 1000)', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1000 } })
  @ApiRead('RatingHistory', { etag: true })
  async history(
    @Param('planId') planId: string,
    @Param('reference') reference: string,
    @Res({ passthrough: true }) response: Response,
    @Query('asOf') asOf?: string,
    @Query('knownAt') knownAt?: string,
    @Query('after') after?: unknown,
    @Query('limit') limit?: unknown,
  ) {
    const from = after === undefined ? undefined : wholeNumber(after, 'after');
    const count = pageLimit(limit, 'limit', 1000, 1000);
    const tag = await streamVersionTag(this.queries, actionStreamId(planId, reference));
    const history = (await this.queries.execute(new GetRatingHistory(planId, reference, asOf, knownAt))) as RatingHistory;
    setStreamTag(response, tag);
    const { page, next } = pageAfter(history.entries, (entry) => entry.position, from, (position, cursor) => position > cursor, count);
    return { ...history, entries: page, ...(next !== undefined ? { next } : {}) };
  }

  @Patch(':reference')
  @ApiOperation({ summary: "Amend an action's wording, lead, due date or priority (board)" })
  @ApiCommand(commands.AmendActionInput)
  amend(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AmendActionCommand, planId, reference, body, caller);
  }

  @Post(':reference/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw the action, with a reason (board)' })
  @ApiCommand(commands.WithdrawActionInput)
  withdraw(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.WithdrawActionCommand, planId, reference, body, caller);
  }

  @Post(':reference/ratings')
  @ApiOperation({ summary: 'Change the RAG rating, with the "update from service" commentary (lead, board)' })
  @ApiCommand(commands.ChangeRatingInput)
  rate(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ChangeRatingCommand, planId, reference, body, caller);
  }

  @Post(':reference/ratings/:correctsEventId/correction')
  @ApiOperation({ summary: 'Correct a recorded rating, with a reason; the original stays in the history (lead, board)' })
  @ApiCommand(commands.CorrectRatingInput)
  correct(@Param('planId') planId: string, @Param('reference') reference: string, @Param('correctsEventId') correctsEventId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.CorrectRatingCommand, planId, reference, body, caller, { correctsEventId });
  }

  @Post(':reference/criteria')
  @ApiOperation({ summary: 'Assess the five project criteria; the rating follows (lead, board)' })
  @ApiCommand(commands.AssessCriteriaInput)
  assess(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AssessCriteriaCommand, planId, reference, body, caller);
  }

  @Post(':reference/milestones')
  @ApiOperation({ summary: 'Add a milestone (board: it shapes the plan); the answer names it (milestoneId)' })
  @ApiCommand(commands.AddMilestoneInput)
  addMilestone(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AddMilestoneCommand, planId, reference, body, caller);
  }

  @Post(':reference/milestones/:milestoneId/status')
  @ApiOperation({ summary: "Change a milestone's status (lead, board)" })
  @ApiCommand(commands.ChangeMilestoneStatusInput)
  milestoneStatus(@Param('planId') planId: string, @Param('reference') reference: string, @Param('milestoneId') milestoneId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ChangeMilestoneStatusCommand, planId, reference, body, caller, { milestoneId });
  }

  @Post(':reference/evidence')
  @ApiOperation({ summary: 'Submit evidence without a file (lead, board); files go to the upload endpoint. The answer names the new item (evidenceId)' })
  @ApiCommand(commands.SubmitEvidenceInput)
  submitEvidence(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.SubmitEvidenceCommand, planId, reference, body, caller);
  }

  @Post(':reference/evidence/:evidenceId/acceptance')
  @ApiOperation({ summary: "Accept submitted evidence (the plan's sign-off role)" })
  @ApiCommand(commands.AcceptEvidenceInput)
  accept(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.AcceptEvidenceCommand, planId, reference, body, caller, { evidenceId });
  }

  @Post(':reference/evidence/:evidenceId/rejection')
  @ApiOperation({ summary: "Reject submitted evidence, with a reason (the plan's sign-off role)" })
  @ApiCommand(commands.RejectEvidenceInput)
  reject(@Param('planId') planId: string, @Param('reference') reference: string, @Param('evidenceId') evidenceId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.RejectEvidenceCommand, planId, reference, body, caller, { evidenceId });
  }

  @Post(':reference/sign-off')
  @ApiOperation({ summary: "Sign the action off as completed and evidenced (the plan's sign-off role)" })
  @ApiCommand(commands.SignOffCompletionInput)
  signOff(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.SignOffCompletionCommand, planId, reference, body, caller);
  }

  @Post(':reference/reopening')
  @ApiOperation({ summary: "Reopen a completed action, with a reason (the sign-off role or the board)" })
  @ApiCommand(commands.ReopenActionInput)
  reopen(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return this.send(commands.ReopenActionCommand, planId, reference, body, caller);
  }
}
