import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanStreams } from '../shared/plan-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { DefineRagScaleCommand, DefineRagScaleInput } from './define-rag-scale.command';

@CommandHandler(DefineRagScaleCommand)
export class DefineRagScaleHandler implements ICommandHandler<DefineRagScaleCommand, CommandResult> {
  constructor(private readonly streams: PlanStreams) {}

  async execute(command: DefineRagScaleCommand): Promise<CommandResult> {
    const input = validatedInput(DefineRagScaleInput, command.input);
    return this.streams.handle(input.planId, { type: 'DefineRagScale', ...input }, command.issuedBy);
  }
}
