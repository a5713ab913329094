import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Remove an action from the plan, with a reason. Its history stays. */
export class WithdrawActionInput extends ActionInput {
  // The reason is required here; the domain says so by name when it is missing.
}

export class WithdrawActionCommand {
  constructor(
    /** The raw body: validated into WithdrawActionInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
