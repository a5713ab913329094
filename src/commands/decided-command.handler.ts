import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decisionTarget } from './command-table';
import { DecidedCommand } from './decided-command';
import { ActionStreams } from './shared/action-streams';
import { CommandResult } from './shared/command-result';
import { PlanStreams } from './shared/plan-streams';
import { KpiStreams } from './kpi/kpi-streams';

/**
 * The one handler for every command in the command table: validate its fields,
 * load its stream, decide, append with the version read. Registered for the base
 * class: the CommandBus finds a command's handler through metadata that
 * subclasses inherit (reflect-metadata walks the prototype chain), so
 * `new ChangeRatingCommand(...)` lands here, while a command with a handler of
 * its own (RedactEvidenceCommand) carries its own metadata and goes there.
 */
@CommandHandler(DecidedCommand)
export class DecidedCommandHandler implements ICommandHandler<DecidedCommand, CommandResult> {
  constructor(
    private readonly plans: PlanStreams,
    private readonly actions: ActionStreams,
    private readonly kpis: KpiStreams,
  ) {}

  // async, so that bad input rejects the promise like every other refusal instead of throwing from bus.execute
  async execute(command: DecidedCommand): Promise<CommandResult> {
    const target = decisionTarget(command);
    if (target.stream === 'kpi') return this.kpis.handle(target.planId, target.kpiId, target.command, command.issuedBy);
    return target.stream === 'plan'
      ? this.plans.handle(target.planId, target.command, command.issuedBy)
      : this.actions.handle(target.planId, target.reference, target.command, command.issuedBy);
  }
}
