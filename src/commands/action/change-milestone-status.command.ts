import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DecidedCommand } from '../decided-command';
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

export class ChangeMilestoneStatusCommand extends DecidedCommand {}
