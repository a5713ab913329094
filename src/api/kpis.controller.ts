import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Writer, WriterContext } from '../auth/public.decorator';
import * as commands from '../commands';
import { ApiCommands, issueCommand } from './issue-command';
import { ApiCommand } from './openapi-schemas';

/**
 * A plan's KPIs: the board defines and changes them; leads and the board give each
 * period's figure and correct one. The table at any date is the report `kpis`
 * (GET /api/plans/{planId}/reports/kpis?asOf=&knownAt=).
 */
@ApiTags('kpis')
@ApiBearerAuth()
@Controller('api/plans/:planId/kpis')
export class KpisController {
  constructor(private readonly commands: ApiCommands) {}

  @Post()
  @ApiOperation({ summary: 'Define a KPI of a priority: target, which way is better, Amber band, monthly or quarterly (board)' })
  @ApiCommand(commands.DefineKpiInput)
  define(@Param('planId') planId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.DefineKpiCommand, body, { planId }, caller);
  }

  @Patch(':kpiId')
  @ApiOperation({ summary: "Change a KPI's target, Amber band, direction, wording or priority (board)" })
  @ApiCommand(commands.ChangeKpiInput)
  change(@Param('planId') planId: string, @Param('kpiId') kpiId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.ChangeKpiCommand, body, { planId, kpiId }, caller);
  }

  @Post(':kpiId/values')
  @HttpCode(201)
  @ApiOperation({ summary: "Record a period's figure, e.g. 2018-04 or 2018-Q1 (lead, board)" })
  @ApiCommand(commands.RecordKpiValueInput)
  record(@Param('planId') planId: string, @Param('kpiId') kpiId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.RecordKpiValueCommand, body, { planId, kpiId }, caller);
  }

  @Post(':kpiId/corrections')
  @HttpCode(201)
  @ApiOperation({ summary: 'Correct a recorded figure, naming its event, with a reason; the original stays in the history (lead, board)' })
  @ApiCommand(commands.CorrectKpiValueInput)
  correct(@Param('planId') planId: string, @Param('kpiId') kpiId: string, @Body() body: unknown, @Writer() caller: WriterContext) {
    return issueCommand(this.commands, commands.CorrectKpiValueCommand, body, { planId, kpiId }, caller);
  }
}
