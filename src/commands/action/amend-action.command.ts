import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionDetailsInput } from '../shared/action-details-input';

/** Change an action's wording, lead, due date or priority; every version is kept. */
export class AmendActionInput extends ActionDetailsInput {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.priorityNumber)
  priorityNumber?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title?: string;
}

export class AmendActionCommand extends DecidedCommand {}
