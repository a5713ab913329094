import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** Change a priority's title or outcome; the old wording stays in the log. */
export class AmendPriorityInput extends PlanInput {
  @IsInt()
  @Min(1)
  @Max(LIMITS.priorityNumber)
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
