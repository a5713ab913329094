import { DecidedCommand } from '../decided-command';
import { ActionInput, ReasonRequired } from '../shared/inputs';

/** Remove an action from the plan, with a reason. Its history stays. */
@ReasonRequired()
export class WithdrawActionInput extends ActionInput {
  // The reason is required here; the domain says so by name when it is missing.
}

export class WithdrawActionCommand extends DecidedCommand {}
