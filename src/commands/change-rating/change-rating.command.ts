import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
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

export class ChangeRatingCommand {
  constructor(
    /** The raw body: validated into ChangeRatingInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
