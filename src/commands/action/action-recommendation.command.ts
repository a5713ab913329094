import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LIMITS } from '../../domain/limits';
import { DecidedCommand } from '../decided-command';
import { ActionInput } from '../shared/inputs';

/** Link an action (or project) to a recommendation the plan records, or undo the link. */
export class ActionRecommendationInput extends ActionInput {
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.reference)
  recommendation!: string;
}
export class LinkActionRecommendationCommand extends DecidedCommand {}
export class UnlinkActionRecommendationCommand extends DecidedCommand {}
