import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Reopen a completed action, with a reason. */
export class ReopenActionInput extends ActionInput {
  // The reason is required here; the domain says so by name when it is missing.
}

export class ReopenActionCommand {
  constructor(
    /** The raw body: validated into ReopenActionInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
