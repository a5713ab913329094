import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Sign an action off as completed and evidenced (the plan's sign-off role only). */
export class SignOffCompletionInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  commentary?: string;
}

export class SignOffCompletionCommand extends DecidedCommand {}
