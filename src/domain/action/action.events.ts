import { CriteriaAssessment, Criterion } from '../criteria';
import { DomainEvent } from '../decider';
import { ImportedFrom } from '../imported-from';

export interface ActionDetails {
  /** As users write it: "3.2", "NEW 1". */
  reference: string;
  priorityNumber: number;
  /** The Ofsted recommendation it answers, e.g. "Ofsted 3 (a)". */
  ofstedReference?: string;
  title: string;
  successMeasures?: string;
  lead?: string;
  /**
   * The user id of the person who leads the action, when the plan names one: `lead` is
   * a job title ("Principal Social Worker"), this is who the four-eyes rules treat as the lead.
   */
  leadUser?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  /** The senior responsible owner (SRO), when the plan names one beside the lead: a name or job title. */
  seniorOwner?: string;
}

export type ActionAdded = DomainEvent<'ActionAdded', { planId: string } & ActionDetails>;
/** The wording changes between reports; every version is kept in the log. */
export type ActionAmended = DomainEvent<'ActionAmended', { planId: string; reference: string; changes: Partial<Omit<ActionDetails, 'reference'>> }>;
export type ActionWithdrawn = DomainEvent<'ActionWithdrawn', { planId: string; reference: string }>;
/**
 * `imported`: the rating a plan file reports at a past board date, recorded by whoever imported it.
 * `codeAsTyped`: the input exactly as typed or as the file's cell held it, when a character from
 * another script was taken for a code's letter (Cyrillic "С" as C; src/domain/code-reading.ts).
 * `code` is always the scale's code; events before issue 22 have no `codeAsTyped`.
 */
export type RatingChanged = DomainEvent<
  'RatingChanged',
  { planId: string; reference: string; code: string; codeAsTyped?: string; commentary?: string; derivedFrom?: 'criteria' | 'initial'; imported?: ImportedFrom }
>;
/** Fixes a recorded rating without rewriting it: names the RatingChanged event it corrects. */
export type RatingCorrected = DomainEvent<
  'RatingCorrected',
  { planId: string; reference: string; correctsEventId: string; code: string; codeAsTyped?: string; commentary?: string }
>;
export type CriteriaAssessed = DomainEvent<
  'CriteriaAssessed',
  { planId: string; reference: string; criteria: CriteriaAssessment; unmet: Criterion[]; derivedCode: string }
>;
export type MilestoneAdded = DomainEvent<
  'MilestoneAdded',
  { planId: string; reference: string; milestoneId: string; title: string; dueDate?: string; dueAsWritten?: string; lead?: string; status: string }
>;
export type MilestoneStatusChanged = DomainEvent<'MilestoneStatusChanged', { planId: string; reference: string; milestoneId: string; status: string; commentary?: string }>;
export type EvidenceSubmitted = DomainEvent<
  'EvidenceSubmitted',
  {
    planId: string;
    reference: string;
    evidenceId: string;
    title: string;
    description?: string;
    /** SHA-256 of the file in the content-addressed store; the file itself is never in the log. */
    fileHash?: string;
    /** Name, size and type of the uploaded file, as the server saw it. */
    fileName?: string;
    fileSize?: number;
    mediaType?: string;
  }
>;
export type EvidenceAccepted = DomainEvent<'EvidenceAccepted', { planId: string; reference: string; evidenceId: string; commentary?: string }>;
export type EvidenceRejected = DomainEvent<'EvidenceRejected', { planId: string; reference: string; evidenceId: string }>;
/** Lawful erasure: the file is removed from the store; the log keeps that it existed and its hash. */
export type EvidenceRedacted = DomainEvent<'EvidenceRedacted', { planId: string; reference: string; evidenceId: string; fileHash: string }>;
/** Completion is a workflow, not a rating: signed off by the plan's sign-off role on accepted evidence. */
export type ActionCompleted = DomainEvent<
  'ActionCompleted',
  { planId: string; reference: string; code?: string; evidenceIds: string[]; commentary?: string }
>;
/**
 * A completion a plan file reports, recorded by whoever imported it: the action counts as
 * completed from the reported date, but no one signed it off here and no evidence was
 * accepted here, so it is a fact of its own, never an ActionCompleted.
 */
export type CompletionImported = DomainEvent<'CompletionImported', { planId: string; reference: string; code?: string; codeAsTyped?: string; imported: ImportedFrom }>;
/** `imported`: a reopening a plan file reports (a later column no longer completed). */
export type ActionReopened = DomainEvent<'ActionReopened', { planId: string; reference: string; imported?: ImportedFrom }>;

/** The action answers (or no longer answers) one of the inspection's recommendations the plan records. */
export type ActionRecommendationLinked = DomainEvent<'ActionRecommendationLinked', { planId: string; reference: string; recommendation: string }>;
export type ActionRecommendationUnlinked = DomainEvent<'ActionRecommendationUnlinked', { planId: string; reference: string; recommendation: string }>;

export type ActionEvent =
  | ActionAdded
  | ActionAmended
  | ActionWithdrawn
  | RatingChanged
  | RatingCorrected
  | CriteriaAssessed
  | MilestoneAdded
  | MilestoneStatusChanged
  | EvidenceSubmitted
  | EvidenceAccepted
  | EvidenceRejected
  | EvidenceRedacted
  | ActionCompleted
  | CompletionImported
  | ActionReopened
  | ActionRecommendationLinked
  | ActionRecommendationUnlinked;
