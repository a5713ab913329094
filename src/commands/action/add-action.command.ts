import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionDetailsInput } from '../shared/action-details-input';
import { IsGroupNumber } from '../shared/group-number';

/** Add a numbered action to a priority, unrated (TBC) or with an initial rating. */
export class AddActionInput extends ActionDetailsInput {
  @IsGroupNumber()
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
