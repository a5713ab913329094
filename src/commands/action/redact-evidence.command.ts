import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput, ReasonRequired } from '../shared/inputs';

/** Lawful erasure of an evidence file (administrators, with a reason); the evidence and its hash stay on record. */
@ReasonRequired()
export class RedactEvidenceInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  evidenceId!: string;

  // The reason (the lawful basis) is required; the domain says so by name when it is missing.
}

export class RedactEvidenceCommand extends DecidedCommand {}
