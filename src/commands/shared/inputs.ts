import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';

/** Fields every command shares: when the change took effect and why (needed if backdated). */
export class TimedInput {
  @IsOptional()
  @IsString()
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
