import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** Change a priority's title or outcome; the old wording stays in the log. */
export class AmendPriorityInput extends PlanInput {
  @IsInt()
  @Min(1)
  @Max(99)
  number!: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  outcome?: string;
}

export class AmendPriorityCommand extends DecidedCommand {}
