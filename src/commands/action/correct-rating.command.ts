import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ChangeRatingInput } from './change-rating.command';
import { ReasonRequired } from '../shared/inputs';

/** Correct a recorded rating by naming the event it corrects; the original stays. Otherwise a rating's fields. */
@ReasonRequired()
export class CorrectRatingInput extends ChangeRatingInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  correctsEventId!: string;
}

export class CorrectRatingCommand extends DecidedCommand {}
