import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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

  /** As the plan writes it: YYYY-MM-DD, a month ("Sept 17", "April 2018"), several months ("Sept, Nov 17") or "TBC" (src/domain/milestone-date.ts reads it). */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
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
