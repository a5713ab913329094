import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { RagScale } from '../../domain/rag-scale';
import { SignOffRole } from '../../domain/roles';
import { MinimumHoldInput } from '../shared/nested-inputs';
import { DecidedCommand } from '../decided-command';
import { RagScaleSchema } from '../shared/rag-scale-schema';
import { PlanInput } from '../shared/inputs';

/** Start a new improvement plan with its RAG scale and sign-off rules. */
export class CreatePlanInput extends PlanInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  title!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  council!: string;

  @IsDefined({ message: 'choose a preset (sunderland-5, rag-completed, rag) or give the codes' })
  @RagScaleSchema()
  scale!: string | RagScale;

  @IsOptional()
  @IsIn(['qa', 'board'])
  signOffRole?: SignOffRole;

  @IsOptional()
  @IsIn(['direct', 'criteria'])
  ratingMethod?: 'direct' | 'criteria';

  @IsOptional()
  @ValidateNested()
  @Type(() => MinimumHoldInput)
  minimumHold?: MinimumHoldInput;

  /** Four eyes: on unless turned off. */
  @IsOptional()
  @IsBoolean()
  separationOfDuties?: boolean;
}

export class CreatePlanCommand extends DecidedCommand {}
