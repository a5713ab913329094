import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { DATE_ONLY, DATE_TIME } from '../../domain/effective-date';
import { LIMITS } from '../../domain/limits';

/** A date as the domain reads it (parseEffectiveDate): a calendar date or an ISO 8601 date-time. */
export const DATE_SCHEMA = { type: 'string' as const, pattern: `${DATE_ONLY.source}|${DATE_TIME.source}`, examples: ['2017-02-28', '2017-02-28T10:30:00Z'] };

/** For the API's description: a command whose decider refuses it without a reason (requireReason). */
export const ReasonRequired = () => JSONSchema((schema) => ({ ...schema, required: [...((schema.required as string[] | undefined) ?? []), 'reason'] }));

/** Fields every command shares: when the change took effect and why (needed if backdated). */
export class TimedInput {
  @IsOptional()
  @IsString()
  @JSONSchema({ ...DATE_SCHEMA, description: 'When the change took effect (default now); earlier than today needs a reason' })
  effectiveAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reason)
  reason?: string;
}

export class PlanInput extends TimedInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  planId!: string;
}

export class ActionInput extends PlanInput {
  /** The action's reference as the plan writes it: "3.2", "NEW 1". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reference)
  reference!: string;
}
