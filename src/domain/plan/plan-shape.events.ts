import { DomainEvent } from '../decider';
import { LevelName } from './plan-words';

/*
 * The plan's own shape: what it calls its levels, its sections, the inspection's
 * recommendations it answers and which group answers which. Each change is an event
 * on the plan's stream like every other, so the shape is read with both clocks.
 */

/** The plan's names for its levels from now on; the section's name only when the plan has sections. */
export type PlanLevelsNamed = DomainEvent<'PlanLevelsNamed', { planId: string; group: LevelName; item: LevelName; section?: LevelName }>;
/** A grouping above the groups: "Section 1: Help and protection". */
export type SectionAdded = DomainEvent<'SectionAdded', { planId: string; number: number; title: string }>;
/** A group (priority, workstream, outcome) belongs to one section from then on. */
export type GroupPlacedInSection = DomainEvent<'GroupPlacedInSection', { planId: string; priorityNumber: number; sectionNumber: number }>;
/** An Ofsted recommendation the plan answers, as the inspection report numbers and words it. */
export type RecommendationRecorded = DomainEvent<'RecommendationRecorded', { planId: string; number: string; text: string }>;
/** A group answers a recommendation (a group may answer several, and a recommendation be answered by several groups). */
export type RecommendationLinked = DomainEvent<'RecommendationLinked', { planId: string; priorityNumber: number; recommendation: string }>;
export type RecommendationUnlinked = DomainEvent<'RecommendationUnlinked', { planId: string; priorityNumber: number; recommendation: string }>;

export type PlanShapeEvent = PlanLevelsNamed | SectionAdded | GroupPlacedInSection | RecommendationRecorded | RecommendationLinked | RecommendationUnlinked;
