import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionDetailsInput } from '../shared/action-details-input';

/** Add a numbered action to a priority, unrated (TBC) or with an initial rating. */
export class AddActionInput extends ActionDetailsInput {
  @IsInt()
  @Min(1)
  @Max(LIMITS.priorityNumber)
  priorityNumber!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.ratingCode)
  initialRating?: string;
}

export class AddActionCommand extends DecidedCommand {}
