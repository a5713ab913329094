import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Add a dated milestone, with its lead, to an action. */
export class AddMilestoneInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  milestoneId?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title!: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  dueDate?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  lead?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.milestoneStatus)
  status?: string;
}

export class AddMilestoneCommand extends DecidedCommand {}
