import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Accept submitted evidence (the plan's sign-off role only). */
export class AcceptEvidenceInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  evidenceId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  commentary?: string;
}

export class AcceptEvidenceCommand extends DecidedCommand {}
