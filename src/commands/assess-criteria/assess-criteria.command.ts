import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { CriteriaInput } from '../shared/nested-inputs';
import { IssuedBy } from '../shared/issued-by';
import { ActionInput } from '../shared/inputs';

/** Answer the five project criteria; the RAG rating follows from them. */
export class AssessCriteriaInput extends ActionInput {
  @ValidateNested()
  @IsDefined()
  @Type(() => CriteriaInput)
  criteria!: CriteriaInput;
}

export class AssessCriteriaCommand {
  constructor(
    /** The raw body: validated into AssessCriteriaInput by the handler, so every door gets the same checks. */
    readonly input: unknown,
    readonly issuedBy: IssuedBy,
  ) {}
}
