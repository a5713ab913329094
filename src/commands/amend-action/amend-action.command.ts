import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Change an action's wording, lead, due date or priority; every version is kept. */
export class AmendActionInput extends ActionInput {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  priorityNumber?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title?: string;

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
}

export class AmendActionCommand {
  constructor(
    /** The raw body: validated into AmendActionInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
