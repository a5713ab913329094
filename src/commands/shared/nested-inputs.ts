import { IsBoolean, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';

export class MinimumHoldInput {
  /** The rating to hold, e.g. DG. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.ratingCode)
  code!: string;

  @IsInt()
  @Min(1)
  @Max(LIMITS.holdMonths)
  months!: number;
}

/** The five yes/no project criteria (DESIGN §2). */
export class CriteriaInput {
  @IsBoolean()
  clearScope!: boolean;

  @IsBoolean()
  clearResourceRequirements!: boolean;

  @IsBoolean()
  resourceAllocated!: boolean;

  @IsBoolean()
  projectPlanDeveloped!: boolean;

  @IsBoolean()
  ambitiousDeliveryTimescales!: boolean;
}
