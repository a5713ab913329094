import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Remove an action from the plan, with a reason. Its history stays. */
export class WithdrawActionInput extends ActionInput {
  // The reason is required here; the domain says so by name when it is missing.
}

export class WithdrawActionCommand extends DecidedCommand {}
