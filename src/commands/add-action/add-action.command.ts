import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Add a numbered action to a priority, unrated (TBC) or with an initial rating. */
export class AddActionInput extends ActionInput {
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
  @IsNotEmpty()
  @MaxLength(200)
  ofstedReference?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  successMeasures?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  lead?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  dueDate?: string;

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
