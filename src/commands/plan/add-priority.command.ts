import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** Add a numbered priority to the plan. */
export class AddPriorityInput extends PlanInput {
  @IsInt()
  @Min(1)
  @Max(LIMITS.priorityNumber)
  number!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  outcome?: string;
}

export class AddPriorityCommand extends DecidedCommand {}
