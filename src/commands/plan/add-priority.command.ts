import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';
import { IsGroupNumber } from '../shared/group-number';

/** Add a numbered priority to the plan. */
export class AddPriorityInput extends PlanInput {
  @IsGroupNumber()
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
