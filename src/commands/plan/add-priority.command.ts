import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** Add a numbered priority to the plan. */
export class AddPriorityInput extends PlanInput {
  @IsInt()
  @Min(1)
  @Max(99)
  number!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  outcome?: string;
}

export class AddPriorityCommand extends DecidedCommand {}
