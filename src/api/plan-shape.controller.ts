import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { LIMITS } from '../domain/limits';
import { ApiCommands, issueCommand } from './issue-command';
import { ApiCommand } from './openapi-schemas';

const GROUP_NUMBER = { name: 'priorityNumber', description: "The group's number (a priority, workstream or outcome, as the plan calls it)", schema: { type: 'integer', minimum: 1, maximum: LIMITS.priorityNumber } };
const RECOMMENDATION = { name: 'recommendation', description: "The recommendation's number, as the plan records it", schema: { type: 'string', maxLength: LIMITS.reference } };

/**
 * A plan's own words and shape (src/domain/plan/plan-shape.ts): what it calls its levels,
 * its sections, the Ofsted recommendations it answers and which group and item answers
 * which. The board (or an administrator) shapes the plan; each change is an event.
 */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans/:planId')
export class PlanShapeController {
  constructor(private readonly commands: ApiCommands) {}

  @Post('levels')
  @ApiOperation({ summary: "Name the plan's levels: a preset (priority/action, workstream/project, outcome/action) or each name, singular and plural" })
  @ApiCommand(commands.NameLevelsInput)
  nameLevels(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.NameLevelsCommand, body, { planId }, caller);
  }

  @Post('sections')
  @ApiOperation({ summary: 'Add a section, the grouping above the groups ("Section 1: Help and protection")' })
  @ApiCommand(commands.AddSectionInput)
  addSection(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.AddSectionCommand, body, { planId }, caller);
  }

  @Post('priorities/:priorityNumber/section')
  @HttpCode(201)
  @ApiOperation({ summary: 'Place a group in a section' })
  @ApiParam(GROUP_NUMBER)
  @ApiCommand(commands.PlaceGroupInSectionInput)
  placeInSection(@Param('planId') planId: string, @Param('priorityNumber') number: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.PlaceGroupInSectionCommand, body, { planId, priorityNumber: groupNumber(number) }, caller);
  }

  @Post('recommendations')
  @ApiOperation({ summary: 'Record an Ofsted recommendation the plan answers: its number and text' })
  @ApiCommand(commands.RecordRecommendationInput)
  recordRecommendation(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.RecordRecommendationCommand, body, { planId }, caller);
  }

  @Post('priorities/:priorityNumber/recommendation-links')
  @ApiOperation({ summary: 'Link a group to a recommendation the plan records' })
  @ApiParam(GROUP_NUMBER)
  @ApiCommand(commands.GroupRecommendationInput)
  linkGroup(@Param('planId') planId: string, @Param('priorityNumber') number: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.LinkRecommendationCommand, body, { planId, priorityNumber: groupNumber(number) }, caller);
  }

  @Post('priorities/:priorityNumber/recommendation-links/:recommendation/removal')
  @HttpCode(201)
  @ApiOperation({ summary: "Remove a group's link to a recommendation (the link stays in the history)" })
  @ApiParam(GROUP_NUMBER)
  @ApiParam(RECOMMENDATION)
  @ApiCommand(commands.GroupRecommendationInput)
  unlinkGroup(@Param('planId') planId: string, @Param('priorityNumber') number: string, @Param('recommendation') recommendation: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.UnlinkRecommendationCommand, body, { planId, priorityNumber: groupNumber(number), recommendation }, caller);
  }

  @Post('actions/:reference/recommendation-links')
  @ApiOperation({ summary: 'Link an action (or project) to a recommendation the plan records' })
  @ApiCommand(commands.ActionRecommendationInput)
  linkAction(@Param('planId') planId: string, @Param('reference') reference: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.LinkActionRecommendationCommand, body, { planId, reference }, caller);
  }

  @Post('actions/:reference/recommendation-links/:recommendation/removal')
  @HttpCode(201)
  @ApiOperation({ summary: "Remove an action's link to a recommendation (the link stays in the history)" })
  @ApiParam(RECOMMENDATION)
  @ApiCommand(commands.ActionRecommendationInput)
  unlinkAction(@Param('planId') planId: string, @Param('reference') reference: string, @Param('recommendation') recommendation: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.UnlinkActionRecommendationCommand, body, { planId, reference, recommendation }, caller);
  }
}

/** A group's number from the address: a whole number, or the text as given so validation names it. */
function groupNumber(text: string): number | string {
  return /^\d{1,3}$/.test(text) ? Number(text) : text;
}
