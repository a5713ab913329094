import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { SignOffRole } from '../../domain/roles';
import { DecidedCommand } from '../decided-command';
import { JSONSchema } from 'class-validator-jsonschema';
import { PlanInput, ReasonRequired } from '../shared/inputs';
import { MinimumHoldInput } from '../shared/nested-inputs';

/**
 * Change who signs off, the four-eyes rules or the minimum hold, with a reason; give
 * only what changes. `minimumHold: null` ends the hold. The rating method is fixed
 * for the life of a plan (see changePlanSettings in src/domain/plan/plan.rules.ts).
 */
@ReasonRequired()
export class ChangePlanSettingsInput extends PlanInput {
  @IsOptional()
  @IsIn(['qa', 'board'])
  signOffRole?: SignOffRole;

  @IsOptional()
  @IsBoolean()
  separationOfDuties?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => MinimumHoldInput)
  @JSONSchema((_schema, options) => ({ anyOf: [{ $ref: `${options.refPointerPrefix}MinimumHoldInput` }, { type: 'null', description: 'ends the hold' }] }))
  minimumHold?: MinimumHoldInput | null;
}

export class ChangePlanSettingsCommand extends DecidedCommand {}
