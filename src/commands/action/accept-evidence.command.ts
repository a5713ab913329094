import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Accept submitted evidence (the plan's sign-off role only). */
export class AcceptEvidenceInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  evidenceId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commentary?: string;
}

export class AcceptEvidenceCommand extends DecidedCommand {}
