import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { ActionDetailsInput } from '../shared/action-details-input';

/** Add a numbered action to a priority, unrated (TBC) or with an initial rating. */
export class AddActionInput extends ActionDetailsInput {
  @IsInt()
  @Min(1)
  @Max(99)
  priorityNumber!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(12)
  initialRating?: string;
}

export class AddActionCommand extends DecidedCommand {}
