import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Correct a recorded rating by naming the event it corrects; the original stays. */
export class CorrectRatingInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  correctsEventId!: string;

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

export class CorrectRatingCommand extends DecidedCommand {}
