import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput, ReasonRequired } from '../shared/inputs';

/** Reject submitted evidence with a reason (the plan's sign-off role only). */
@ReasonRequired()
export class RejectEvidenceInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  evidenceId!: string;

  // The reason is required; the domain says so by name when it is missing.
}

export class RejectEvidenceCommand extends DecidedCommand {}
