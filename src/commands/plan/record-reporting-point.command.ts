import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';

/** Name a board date ("Nov 16") that reports compare against. */
export class RecordReportingPointInput extends PlanInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  label!: string;

  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  date!: string;
}

export class RecordReportingPointCommand extends DecidedCommand {}
