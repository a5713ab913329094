import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { ActionInput } from './inputs';

/** The optional wording of an action, checked the same way whether it is being added or amended. */
export class ActionDetailsInput extends ActionInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.ofstedReference)
  ofstedReference?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  successMeasures?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  lead?: string;

  /** The user id of the person leading the action: whom the four-eyes rules keep from signing it off. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.userId)
  leadUser?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  dueDate?: string;

  /** The senior responsible owner (SRO), when the plan names one beside the lead. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  seniorOwner?: string;
}
