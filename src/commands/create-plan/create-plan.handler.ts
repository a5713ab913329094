import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PlanStreams } from '../shared/plan-streams';
import { CommandResult } from '../shared/command-result';
import { validatedInput } from '../shared/validated-input';
import { CreatePlanCommand, CreatePlanInput } from './create-plan.command';

@CommandHandler(CreatePlanCommand)
export class CreatePlanHandler implements ICommandHandler<CreatePlanCommand, CommandResult> {
  constructor(private readonly streams: PlanStreams) {}

  async execute(command: CreatePlanCommand): Promise<CommandResult> {
    const input = validatedInput(CreatePlanInput, command.input);
    return this.streams.handle(input.planId, { type: 'CreatePlan', ...input }, command.issuedBy);
  }
}
