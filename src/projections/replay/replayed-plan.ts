import { MinimumHold, RatingMethod } from '../../domain/plan/plan.events';
import { ImportedFrom } from '../../domain/imported-from';
import { RagScale } from '../../domain/rag-scale';
import { PlanWords } from '../../domain/plan/plan-words';
import { Actor } from '../../event-store/envelope';

/**
 * What the oracle says the plan was at (asOf, knownAt). Written out here, not
 * borrowed from the read side's PlanSnapshot: the tests compare the two with
 * toEqual, so a field one side adds, drops or names differently is a failure,
 * not a shared assumption.
 */
export interface ReplayedPlan {
  planId: string;
  title: string;
  council: string;
  signOffRole: string;
  ratingMethod: RatingMethod;
  minimumHold?: MinimumHold;
  separationOfDuties: boolean;
  scale: RagScale;
  asOf: string;
  knownAt: string;
  priorities: { number: number; title: string; outcome?: string; section?: number; recommendations?: string[] }[];
  reportingPoints: { label: string; date: string }[];
  actions: ReplayedAction[];
  /** What the plan calls its levels: priority and action until it names them. */
  words: PlanWords;
  sections?: { number: number; title: string }[];
  recommendations?: { number: string; text: string }[];
}

export interface ReplayedAction {
  streamId: string;
  reference: string;
  priorityNumber: number;
  ofstedReference?: string;
  title: string;
  successMeasures?: string;
  lead?: string;
  leadUser?: string;
  dueDate?: string;
  seniorOwner?: string;
  recommendations?: string[];
  addedAt: string;
  status: 'open' | 'completed' | 'withdrawn';
  rating?: { code: string; effectiveAt: string; commentary?: string; eventId: string };
  displayCode: string;
  evidence: ReplayedEvidence[];
  milestones: { milestoneId: string; title: string; dueDate?: string; dueAsWritten?: string; lead?: string; status: string }[];
  /** Signed off here on accepted evidence, or reported by an imported file: two kinds, never mixed. */
  completion?:
    | { completedAt: string; signedOffBy: Actor; evidenceIds: string[]; commentary?: string; recordedAt: string; eventId: string }
    | { completedAt: string; importedBy: Actor; imported: ImportedFrom; recordedAt: string; eventId: string };
  withdrawal?: { withdrawnAt: string; reason?: string; by: Actor };
}

export interface ReplayedEvidence {
  evidenceId: string;
  title: string;
  description?: string;
  fileHash?: string;
  status: 'submitted' | 'accepted' | 'rejected';
  submittedAt: string;
  submittedBy: Actor;
  reviewedAt?: string;
  reviewedBy?: Actor;
  reviewReason?: string;
  fileName?: string;
  fileSize?: number;
  mediaType?: string;
  redaction?: { redactedAt: string; by: Actor; reason?: string };
}
