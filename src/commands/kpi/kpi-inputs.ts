import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { LIMITS } from '../../domain/limits';
import { PlanInput, ReasonRequired } from '../shared/inputs';
import { IsGroupNumber } from '../shared/group-number';

/** Every KPI command names its plan and the KPI, as the plan writes it ("KPI 1"). */
export class KpiInput extends PlanInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  kpiId!: string;
}

const finite = { allowNaN: false, allowInfinity: false };

/** Define a KPI of a priority: its target, which way is better, the Amber band and how often it is reported. */
export class DefineKpiInput extends KpiInput {
  @IsGroupNumber()
  priorityNumber!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  @JSONSchema({ description: 'As the board writes it: %, days, children', examples: ['%'] })
  unit!: string;

  @IsNumber(finite)
  target!: number;

  @IsIn(['higher', 'lower'])
  @JSONSchema({ description: 'Which way is better: higher (e.g. % seen in time) or lower (e.g. re-referrals)' })
  betterWhen!: 'higher' | 'lower';

  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @JSONSchema({ description: "Amber when worse than the target by no more than this (in the KPI's unit); Red beyond. Default 0: no Amber band" })
  amberWithin?: number;

  @IsIn(['monthly', 'quarterly'])
  @JSONSchema({ description: 'How often a figure is given; quarters are calendar quarters (Q1 is January to March)' })
  period!: 'monthly' | 'quarterly';
}

/** Change a KPI's target, thresholds, wording or priority; give only what changes. */
export class ChangeKpiInput extends KpiInput {
  @IsOptional()
  @IsGroupNumber()
  priorityNumber?: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.text)
  name?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.name)
  unit?: string;

  @IsOptional()
  @IsNumber(finite)
  target?: number;

  @IsOptional()
  @IsIn(['higher', 'lower'])
  betterWhen?: 'higher' | 'lower';

  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  amberWithin?: number;
}

/** The figure for one period; it takes effect from the start of that period. */
export class RecordKpiValueInput extends KpiInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  @JSONSchema({ description: 'The period the figure describes: 2018-04 or Apr 2018 (monthly), 2018-Q1 or Q1 2018 (quarterly, calendar quarters)', examples: ['2018-04', '2018-Q1'] })
  period!: string;

  @IsNumber(finite)
  value!: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  commentary?: string;
}

/** Correct a recorded figure by naming the event it corrects (the figure or a correction of it); the original stays. */
@ReasonRequired()
export class CorrectKpiValueInput extends KpiInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  correctsEventId!: string;

  @IsNumber(finite)
  value!: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  commentary?: string;
}
