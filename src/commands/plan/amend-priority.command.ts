import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';
import { IsGroupNumber } from '../shared/group-number';

/** Change a priority's title or outcome; the old wording stays in the log. */
export class AmendPriorityInput extends PlanInput {
  @IsGroupNumber()
  number!: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  outcome?: string;
}

export class AmendPriorityCommand extends DecidedCommand {}
