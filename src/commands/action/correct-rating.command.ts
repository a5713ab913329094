import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Correct a recorded rating by naming the event it corrects; the original stays. */
export class CorrectRatingInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  correctsEventId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(12)
  code!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commentary?: string;
}

export class CorrectRatingCommand extends DecidedCommand {}
