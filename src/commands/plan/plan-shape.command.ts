import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { LEVEL_NAME_LENGTH, LEVEL_PRESETS } from '../../domain/plan/plan-words';
import { DecidedCommand } from '../decided-command';
import { PlanInput } from '../shared/inputs';
import { IsGroupNumber } from '../shared/group-number';

/*
 * The plan's own words and shape (src/domain/plan/plan-shape.ts): what it calls its levels,
 * its sections, and the inspection's recommendations each group answers.
 */

/** Name the plan's levels: a preset, or each level singular and plural (a name not given stays as it is). */
export class NameLevelsInput extends PlanInput {
  @IsOptional()
  @IsIn(Object.keys(LEVEL_PRESETS))
  preset?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  groupSingular?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  groupPlural?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  itemSingular?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  itemPlural?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  sectionSingular?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LEVEL_NAME_LENGTH)
  sectionPlural?: string;
}
export class NameLevelsCommand extends DecidedCommand {}

/** Add a section, the grouping above the groups ("Section 1: Help and protection"). */
export class AddSectionInput extends PlanInput {
  @IsGroupNumber()
  number!: number;

  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  title!: string;
}
export class AddSectionCommand extends DecidedCommand {}

/** Put a group (priority, workstream, outcome) in a section. */
export class PlaceGroupInSectionInput extends PlanInput {
  @IsGroupNumber()
  priorityNumber!: number;

  @IsGroupNumber()
  section!: number;
}
export class PlaceGroupInSectionCommand extends DecidedCommand {}

/** Record an Ofsted recommendation the plan answers, numbered and worded as the inspection report has it. */
export class RecordRecommendationInput extends PlanInput {
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.reference)
  number!: string;

  @IsString() @IsNotEmpty() @MaxLength(LIMITS.text)
  text!: string;
}
export class RecordRecommendationCommand extends DecidedCommand {}

/** Link a group to a recommendation the plan records (or, with the Unlink command, undo it). */
export class GroupRecommendationInput extends PlanInput {
  @IsGroupNumber()
  priorityNumber!: number;

  @IsString() @IsNotEmpty() @MaxLength(LIMITS.reference)
  recommendation!: string;
}
export class LinkRecommendationCommand extends DecidedCommand {}
export class UnlinkRecommendationCommand extends DecidedCommand {}
