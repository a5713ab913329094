import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Rate an action, with the "update from service" commentary. */
export class ChangeRatingInput extends ActionInput {
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

export class ChangeRatingCommand extends DecidedCommand {}
