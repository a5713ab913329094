import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Rate an action, with the "update from service" commentary. */
export class ChangeRatingInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.ratingCode)
  code!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  commentary?: string;
}

export class ChangeRatingCommand extends DecidedCommand {}
