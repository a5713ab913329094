import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { CriteriaInput } from '../shared/nested-inputs';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Answer the five project criteria; the RAG rating follows from them. */
export class AssessCriteriaInput extends ActionInput {
  @ValidateNested()
  @IsDefined()
  @Type(() => CriteriaInput)
  criteria!: CriteriaInput;
}

export class AssessCriteriaCommand extends DecidedCommand {}
