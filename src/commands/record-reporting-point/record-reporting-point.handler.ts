import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanStreams } from '../shared/plan-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { RecordReportingPointCommand, RecordReportingPointInput } from './record-reporting-point.command';

@CommandHandler(RecordReportingPointCommand)
export class RecordReportingPointHandler implements ICommandHandler<RecordReportingPointCommand, CommandResult> {
  constructor(private readonly streams: PlanStreams) {}

  async execute(command: RecordReportingPointCommand): Promise<CommandResult> {
    const input = validatedInput(RecordReportingPointInput, command.input);
    return this.streams.handle(input.planId, { type: 'RecordReportingPoint', ...input }, command.issuedBy);
  }
}
