import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionDetailsInput } from '../shared/action-details-input';
import { IsGroupNumber } from '../shared/group-number';

/** Change an action's wording, lead, due date or priority; every version is kept. */
export class AmendActionInput extends ActionDetailsInput {
  @IsOptional()
  @IsGroupNumber()
  priorityNumber?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title?: string;
}

export class AmendActionCommand extends DecidedCommand {}
