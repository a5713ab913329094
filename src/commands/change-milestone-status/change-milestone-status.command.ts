import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Update a milestone's status (On Track, Achieved, Completed...). */
export class ChangeMilestoneStatusInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  milestoneId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  status!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commentary?: string;
}

export class ChangeMilestoneStatusCommand {
  constructor(
    /** The raw body: validated into ChangeMilestoneStatusInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
