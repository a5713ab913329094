import { ActionCommand } from '../domain/action/action.commands';
import { PlanCommand } from '../domain/plan/plan.commands';
import { KpiCommand } from '../domain/kpi/kpi.commands';
import { DecidedCommandClass } from './decided-command';
import { ActionInput, PlanInput } from './shared/inputs';
import { validatedInput } from '../validation/validated-input';

/** A command's validated fields turned into the decider's command, with the stream it is decided on. */
export type DecisionTarget =
  | { stream: 'plan'; planId: string; command: PlanCommand }
  | { stream: 'action'; planId: string; reference: string; command: ActionCommand }
  | { stream: 'kpi'; planId: string; kpiId: string; command: KpiCommand };

/** One row of the command table. */
export interface CommandRoute {
  command: DecidedCommandClass;
  /** The class its fields are validated against (and documented by in /api/docs). */
  input: new () => object;
  stream: DecisionTarget['stream'];
  /** Validate the raw fields (InvalidInput naming each field at fault) and say what to decide where. */
  target(raw: unknown): DecisionTarget;
}

/** A command decided on the plan's stream by the plan decider. */
export function onPlan<I extends PlanInput>(command: DecidedCommandClass, input: new () => I, decides: (fields: I) => PlanCommand): CommandRoute {
  return {
    command,
    input,
    stream: 'plan',
    target: (raw) => {
      const fields = validatedInput(input, raw);
      return { stream: 'plan', planId: fields.planId, command: decides(fields) };
    },
  };
}

/** A command decided on one action's stream by the action decider (which also sees the plan). */
export function onAction<I extends ActionInput>(command: DecidedCommandClass, input: new () => I, decides: (fields: I) => ActionCommand): CommandRoute {
  return {
    command,
    input,
    stream: 'action',
    target: (raw) => {
      const fields = validatedInput(input, raw);
      return { stream: 'action', planId: fields.planId, reference: fields.reference, command: decides(fields) };
    },
  };
}
