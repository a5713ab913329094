import { ActionDetails } from '../../domain/action/action.events';
import { PlanCreated, PlanSettingsChanged } from '../../domain/plan/plan.events';
import { RagScale } from '../../domain/rag-scale';
import { ActionSnapshot, ActionStatus, CompletionSnapshot, EvidenceSnapshot, MilestoneSnapshot, RatingSnapshot } from '../plan-snapshot/plan-snapshot';

/*
 * What each kind of fact holds, in the users' words: the payloads `factsFromEvent`
 * writes into plan_facts, and what a plan's timeline hands back for a fact in force
 * (see FactsInForce). One type per kind; the kind is the FactKind the fact is filed under.
 */

/** FactKind.Plan: how the plan was created (title, council, who signs off, how it is rated). */
export type PlanCreatedFact = PlanCreated['data'];

/**
 * FactKind.PlanSetting, keyed by the setting's name (signOffRole, separationOfDuties,
 * minimumHold): its value from a PlanSettingsChanged, in force over what PlanCreated said.
 * A minimumHold of null: no hold from then on.
 */
export type PlanSettingFact = PlanSettingsChanged['data'][Exclude<keyof PlanSettingsChanged['data'], 'planId'>];

/** FactKind.Scale: the plan's RAG scale. */
export type ScaleFact = RagScale;

/** FactKind.PriorityField, keyed "<number>:title" or "<number>:outcome": that text. */
export type PriorityFieldFact = string;

/** FactKind.ReportingPoint, keyed by its label ("Nov 16"): the board date. */
export type ReportingPointFact = string;

/** FactKind.Detail, keyed by field: one of an action's details, as added or amended. */
export type ActionDetailFacts = ActionDetails;

/** FactKind.Lifecycle: open, completed (with its sign-off) or withdrawn (with who and why). */
export interface LifecycleFact {
  status: ActionStatus;
  completion?: CompletionSnapshot;
  withdrawal?: ActionSnapshot['withdrawal'];
}

/** FactKind.Rating, one per RatingChanged (a correction replaces its code): the rating given. */
export type RatingFact = RatingSnapshot;

/** FactKind.Evidence, keyed by evidence id: the evidence as submitted. */
export type EvidenceFact = Omit<EvidenceSnapshot, 'evidenceId' | 'status' | 'reviewedAt' | 'reviewedBy' | 'reviewReason' | 'redaction'>;

/** FactKind.EvidenceReview: the QA service's decision on the evidence. */
export type EvidenceReviewFact = Required<Pick<EvidenceSnapshot, 'reviewedAt' | 'reviewedBy'>> & Pick<EvidenceSnapshot, 'reviewReason'> & { status: 'accepted' | 'rejected' };

/** FactKind.EvidenceRedaction: the lawful erasure of the evidence's file (its hash stays on record). */
export type EvidenceRedactionFact = NonNullable<EvidenceSnapshot['redaction']>;

/** FactKind.Milestone, keyed by milestone id: the milestone as added. */
export type MilestoneFact = Omit<MilestoneSnapshot, 'milestoneId' | 'status'>;

/** FactKind.MilestoneStatus: the milestone's status text ("Completed", "On track"). */
export type MilestoneStatusFact = string;
