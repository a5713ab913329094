import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
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

export class AddActionCommand {
  constructor(
    /** The raw body: validated into AddActionInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
