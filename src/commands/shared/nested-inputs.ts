import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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

/** Where an imported fact came from: the file, its SHA-256, the date it reports it on and, where it says, by whom. */
export class ImportedFromInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.fileName)
  file!: string;

  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be the SHA-256 of the file, 64 lower-case hexadecimal characters' })
  sha256!: string;

  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  reportedOn!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  reportedBy?: string;
}
