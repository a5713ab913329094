import { DecidedCommand } from '../decided-command';
import { ActionInput, ReasonRequired } from '../shared/inputs';

/** Reopen a completed action, with a reason. */
@ReasonRequired()
export class ReopenActionInput extends ActionInput {
  // The reason is required here; the domain says so by name when it is missing.
}

export class ReopenActionCommand extends DecidedCommand {}
