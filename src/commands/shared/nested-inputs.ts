import { IsBoolean, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

export class MinimumHoldInput {
  /** The rating to hold, e.g. DG. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(12)
  code!: string;

  @IsInt()
  @Min(1)
  @Max(36)
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
