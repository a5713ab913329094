import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';
import { ImportedFromInput } from '../shared/nested-inputs';

/*
 * The history a plan file reports, as the importer (src/import/) records it: each carries
 * the file it came from. No door but the importer sends these, and the domain lets only
 * a role that may import issue them (src/domain/permissions.ts, IMPORTERS).
 */

class ImportedHistoryInput extends ActionInput {
  @ValidateNested()
  @IsDefined()
  @Type(() => ImportedFromInput)
  imported!: ImportedFromInput;
}

/** The rating a plan file reports at one of its board dates. */
export class ImportRatingInput extends ImportedHistoryInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.ratingCode)
  code!: string;
}
export class ImportRatingCommand extends DecidedCommand {}

/** A completion a plan file reports: completed from that date, with no sign-off and no evidence here. */
export class ImportCompletionInput extends ImportedHistoryInput {
  /** The cell as the file holds it ("C", or a Cyrillic "С"); the decider reads it as the scale's completed code. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.ratingCode)
  code?: string;
}
export class ImportCompletionCommand extends DecidedCommand {}

/** A reopening a plan file reports: completed in one column, not in a later one. */
export class ImportReopeningInput extends ImportedHistoryInput {}
export class ImportReopeningCommand extends DecidedCommand {}
