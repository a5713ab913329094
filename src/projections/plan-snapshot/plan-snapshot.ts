import { Actor } from '../../event-store/envelope';

export type { Actor };
import { MinimumHold, RatingMethod } from '../../domain/plan/plan.events';
import { ImportedFrom } from '../../domain/imported-from';
import { RagScale, terminalCode, unratedCode } from '../../domain/rag-scale';
import { PlanWords } from '../../domain/plan/plan-words';

/**
 * The plan as it stood: effective on `asOf`, by what had been recorded by
 * `knownAt`. Every report is a pure function of one or two snapshots, so the
 * read models and the replay oracle only have to agree on this one shape.
 */
export interface PlanSnapshot {
  planId: string;
  title: string;
  council: string;
  signOffRole: string;
  ratingMethod: RatingMethod;
  minimumHold?: MinimumHold;
  /** Four eyes, as in force on asOf (on for a plan created before it could be set). */
  separationOfDuties: boolean;
  scale: RagScale;
  asOf: string;
  knownAt: string;
  priorities: PrioritySnapshot[];
  reportingPoints: { label: string; date: string }[];
  actions: ActionSnapshot[];
  /** What the plan calls its levels (priority and action unless it named them): every report and page says these. */
  words?: PlanWords;
  /** The grouping above the groups, when the plan has one. */
  sections?: { number: number; title: string }[];
  /** The inspection's recommendations the plan records, when it records any. */
  recommendations?: { number: string; text: string }[];
}

/**
 * The plan as at a date without its evidence and milestones: all that the RAG
 * summary and the Previous vs Current tables read, at well under half the work of
 * the whole plan (evidence items and milestones are most of a plan's facts).
 */
export interface PlanRatings extends Omit<PlanSnapshot, 'actions'> {
  actions: Omit<ActionSnapshot, 'evidence' | 'milestones'>[];
}

export interface PrioritySnapshot {
  number: number;
  title: string;
  outcome?: string;
  /** The section it is in, if any. */
  section?: number;
  /** The recommendations it answers, by number, if any. */
  recommendations?: string[];
}

export type ActionStatus = 'open' | 'completed' | 'withdrawn';

export interface ActionSnapshot {
  streamId: string;
  reference: string;
  priorityNumber: number;
  ofstedReference?: string;
  title: string;
  successMeasures?: string;
  lead?: string;
  /** The user who leads the action, whom separation of duties keeps from signing it off. */
  leadUser?: string;
  dueDate?: string;
  /** The senior responsible owner, when the plan names one. */
  seniorOwner?: string;
  /** The recommendations it answers, by number, if any. */
  recommendations?: string[];
  /** When the action was added to the plan (effective date). */
  addedAt: string;
  status: ActionStatus;
  /** The last rating given, or undefined while unrated (TBC). */
  rating?: RatingSnapshot;
  /** What reports show: the completed code once signed off, else the rating, else the unrated code. */
  displayCode: string;
  evidence: EvidenceSnapshot[];
  milestones: MilestoneSnapshot[];
  completion?: CompletionSnapshot;
  withdrawal?: { withdrawnAt: string; reason?: string; by: Actor };
}

export interface RatingSnapshot {
  code: string;
  effectiveAt: string;
  commentary?: string;
  /** The RatingChanged event that set it (a correction keeps the original's id). */
  eventId: string;
}

export interface EvidenceSnapshot {
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
  /** Lawful erasure of the file: the evidence and its hash stay on record. */
  redaction?: { redactedAt: string; by: Actor; reason?: string };
}

export interface MilestoneSnapshot {
  milestoneId: string;
  title: string;
  /** The date it counts as due (the end of the month for "Sept 17"); none for TBC. */
  dueDate?: string;
  /** The due date as the plan writes it ("Sept 17", "TBC"), when that is not dueDate itself. */
  dueAsWritten?: string;
  lead?: string;
  status: string;
}

/** How an action came to be completed: signed off here, or reported by an imported plan file. Never both in one. */
export type CompletionSnapshot = SignOffSnapshot | ImportedCompletionSnapshot;

/** Signed off here by the plan's sign-off role, on evidence accepted here (ActionCompleted). */
export interface SignOffSnapshot {
  completedAt: string;
  signedOffBy: Actor;
  evidenceIds: string[];
  commentary?: string;
  recordedAt: string;
  eventId: string;
}

/** Reported by a plan file (CompletionImported): completed from the date the file reports; no sign-off and no evidence here. */
export interface ImportedCompletionSnapshot {
  completedAt: string;
  /** Who recorded it: the user who imported the file, in their own role. */
  importedBy: Actor;
  imported: ImportedFrom;
  recordedAt: string;
  eventId: string;
}

// One collator for every comparison: localeCompare with options builds a new one per call, which was
// 45% of the time of reading a 100-action plan as at a date.
const REFERENCE_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Comparisons already made, by the two references. A plan's references recur in every
 * read, and two Map look-ups cost a tenth of a collator comparison (sorting the actions
 * was an eighth of assembling a plan). Bounded, in case references are endless.
 */
const comparedReferences = new Map<string, Map<string, number>>();
const REMEMBERED_REFERENCES = 10_000;

/** "3.2" before "3.10", "NEW 1" after the numbered ones: the order the plan prints them in. */
export function compareReferences(a: string, b: string): number {
  let withA = comparedReferences.get(a);
  if (withA === undefined) {
    if (comparedReferences.size >= REMEMBERED_REFERENCES) comparedReferences.clear();
    withA = new Map();
    comparedReferences.set(a, withA);
  }
  let order = withA.get(b);
  if (order === undefined) {
    if (withA.size >= REMEMBERED_REFERENCES) withA.clear();
    order = REFERENCE_ORDER.compare(a, b);
    withA.set(b, order);
  }
  return order;
}

export function sortActions(actions: ActionSnapshot[]): ActionSnapshot[] {
  return actions.sort((a, b) => a.priorityNumber - b.priorityNumber || compareReferences(a.reference, b.reference));
}

/** The code a report shows: the completed code once signed off, else the rating in force, else TBC. */
export function displayCodeOf(action: Pick<ActionSnapshot, 'status' | 'rating'>, scale: RagScale): string {
  return displayCodes(scale)(action.status, action.rating);
}

/** displayCodeOf for every action of one plan: the scale's completed and unrated codes looked up once. */
export function displayCodes(scale: RagScale): (status: string, rating: RatingSnapshot | undefined) => string {
  const done = terminalCode(scale)?.code;
  const unrated = unratedCode(scale)?.code ?? 'TBC';
  return (status, rating) => (status === 'completed' && done ? done : (rating?.code ?? unrated));
}
