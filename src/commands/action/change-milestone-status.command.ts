import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Update a milestone's status (On Track, Achieved, Completed...). */
export class ChangeMilestoneStatusInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  milestoneId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.milestoneStatus)
  status!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  commentary?: string;
}

export class ChangeMilestoneStatusCommand extends DecidedCommand {}
