import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Sign an action off as completed and evidenced (the plan's sign-off role only). */
export class SignOffCompletionInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commentary?: string;
}

export class SignOffCompletionCommand {
  constructor(
    /** The raw body: validated into SignOffCompletionInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
