import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Accept submitted evidence (the plan's sign-off role only). */
export class AcceptEvidenceInput extends ActionInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  evidenceId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  commentary?: string;
}

export class AcceptEvidenceCommand {
  constructor(
    /** The raw body: validated into AcceptEvidenceInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
