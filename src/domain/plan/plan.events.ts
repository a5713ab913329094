import { DomainEvent } from '../decider';
import { RagScale } from '../rag-scale';
import { SignOffRole } from '../roles';
import { PlanShapeEvent } from './plan-shape.events';

export type RatingMethod = 'direct' | 'criteria';

export interface MinimumHold {
  /** The code an action must hold before sign-off, e.g. DG. */
  code: string;
  months: number;
  /** The code as typed, when a character from another script was taken for a code's letter (src/domain/code-reading.ts). */
  codeAsTyped?: string;
}

export type PlanCreated = DomainEvent<
  'PlanCreated',
  {
    planId: string;
    title: string;
    council: string;
    signOffRole: SignOffRole;
    ratingMethod: RatingMethod;
    minimumHold?: MinimumHold;
    /** Four eyes (action.duties.ts). Absent on plans created before the setting existed: those count as on. */
    separationOfDuties?: boolean;
  }
>;
export type RagScaleDefined = DomainEvent<'RagScaleDefined', { planId: string; scale: RagScale }>;
export type PriorityAdded = DomainEvent<'PriorityAdded', { planId: string; number: number; title: string; outcome?: string }>;
export type PriorityAmended = DomainEvent<'PriorityAmended', { planId: string; number: number; title?: string; outcome?: string }>;
/** A named board date such as "Nov 16", so reports can say "Nov 16 vs Current". */
export type ReportingPointRecorded = DomainEvent<'ReportingPointRecorded', { planId: string; label: string; date: string }>;

/**
 * A change of the plan's settings, carrying only what changed; the actor and the
 * (required) reason are on the envelope. `minimumHold: null` ends the hold.
 */
export type PlanSettingsChanged = DomainEvent<
  'PlanSettingsChanged',
  { planId: string; signOffRole?: SignOffRole; separationOfDuties?: boolean; minimumHold?: MinimumHold | null }
>;

/** A plan file imported into the plan, once per version of the file (its SHA-256): who imported which file, when. */
export type PlanFileImported = DomainEvent<'PlanFileImported', { planId: string; file: string; sha256: string; rows: number }>;

export type PlanEvent = PlanCreated | RagScaleDefined | PriorityAdded | PriorityAmended | ReportingPointRecorded | PlanSettingsChanged | PlanFileImported | PlanShapeEvent;
