import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Add a dated milestone, with its lead, to an action. */
export class AddMilestoneInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  milestoneId?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  title!: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  dueDate?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  lead?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;
}

export class AddMilestoneCommand {
  constructor(
    /** The raw body: validated into AddMilestoneInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
