import { RecordedEvent } from '../decider';
import { ActionDetails, ActionEvent } from './action.events';

export interface RatingEntry {
  /** The RatingChanged event that set it: what a correction names. */
  eventId: string;
  code: string;
  effectiveAt: string;
  /** Derived from an assessment of the five criteria: corrected only by assessing them again (action.rating.ts). */
  fromCriteria?: true;
}

export type EvidenceStatus = 'submitted' | 'accepted' | 'rejected';

export interface EvidenceItem {
  evidenceId: string;
  title: string;
  status: EvidenceStatus;
  submittedAt: string;
  /** The user who submitted it: who may not review it, nor sign off on it (action.duties.ts). */
  submittedBy: string;
  reviewedAt?: string;
  fileHash?: string;
  redacted?: boolean;
}

export interface Milestone {
  milestoneId: string;
  title: string;
  status: string;
  addedAt: string;
}

export interface ActionState {
  status: 'absent' | 'open' | 'completed' | 'withdrawn';
  planId: string;
  details: ActionDetails;
  addedAt: string;
  withdrawnAt?: string;
  completedAt?: string;
  /** When the action was last added, completed, reopened or withdrawn (effective time). */
  statusSince: string;
  /** Every rating, newest recorded first, with corrections applied: read it with ratingsOf. */
  ratings: RatingLog | undefined;
  evidence: Record<string, EvidenceItem>;
  milestones: Record<string, Milestone>;
  /** The inspection's recommendations the action answers (action.recommendations.ts); absent while none. */
  recommendations?: string[];
}

export const initialActionState = (): ActionState => ({
  status: 'absent',
  planId: '',
  details: { reference: '', priorityNumber: 0, title: '' },
  addedAt: '',
  statusSince: '',
  ratings: undefined,
  evidence: {},
  milestones: {},
});

export function evolveAction(state: ActionState, event: RecordedEvent<ActionEvent>): ActionState {
  switch (event.type) {
    case 'ActionAdded': {
      const { planId, ...details } = event.data;
      return { ...state, status: 'open', planId, details, addedAt: event.effectiveAt, statusSince: event.effectiveAt };
    }
    case 'ActionAmended':
      return { ...state, details: { ...state.details, ...event.data.changes } };
    case 'ActionWithdrawn':
      return { ...state, status: 'withdrawn', withdrawnAt: event.effectiveAt, statusSince: event.effectiveAt };
    case 'RatingChanged':
      return {
        ...state,
        ratings: { entry: { eventId: event.eventId, code: event.data.code, effectiveAt: event.effectiveAt, ...(event.data.derivedFrom === 'criteria' ? { fromCriteria: true as const } : {}) }, before: state.ratings },
      };
    case 'RatingCorrected':
      return { ...state, ratings: withCorrection(state.ratings, event.data.correctsEventId, event.data.code) };
    case 'CriteriaAssessed':
      return state;
    case 'MilestoneAdded':
      return {
        ...state,
        milestones: { ...state.milestones, [event.data.milestoneId]: { milestoneId: event.data.milestoneId, title: event.data.title, status: event.data.status, addedAt: event.effectiveAt } },
      };
    case 'MilestoneStatusChanged': {
      const milestone = state.milestones[event.data.milestoneId];
      return { ...state, milestones: { ...state.milestones, [event.data.milestoneId]: { ...milestone, status: event.data.status } } };
    }
    case 'EvidenceSubmitted':
      return {
        ...state,
        evidence: { ...state.evidence, [event.data.evidenceId]: {
            evidenceId: event.data.evidenceId,
            title: event.data.title,
            status: 'submitted',
            submittedAt: event.effectiveAt,
            submittedBy: event.actor.id,
            ...(event.data.fileHash ? { fileHash: event.data.fileHash } : {}),
          },
        },
      };
    case 'EvidenceAccepted':
    case 'EvidenceRejected': {
      const item = state.evidence[event.data.evidenceId];
      const status: EvidenceStatus = event.type === 'EvidenceAccepted' ? 'accepted' : 'rejected';
      return { ...state, evidence: { ...state.evidence, [event.data.evidenceId]: { ...item, status, reviewedAt: event.effectiveAt } } };
    }
    case 'EvidenceRedacted':
      return { ...state, evidence: { ...state.evidence, [event.data.evidenceId]: { ...state.evidence[event.data.evidenceId], redacted: true } } };
    case 'ActionCompleted':
    case 'CompletionImported':
      return { ...state, status: 'completed', completedAt: event.effectiveAt, statusSince: event.effectiveAt };
    case 'ActionReopened':
      return { ...state, status: 'open', completedAt: undefined, statusSince: event.effectiveAt };
    case 'ActionRecommendationLinked':
      return { ...state, recommendations: [...(state.recommendations ?? []), event.data.recommendation] };
    case 'ActionRecommendationUnlinked':
      return { ...state, recommendations: (state.recommendations ?? []).filter((r) => r !== event.data.recommendation) };
  }
}

/**
 * An action's ratings as a list that shares its past: each rating links to the
 * ones recorded before it. States are immutable, and a rating used to copy the
 * whole array of ratings before it: an action rated a few thousand times (a busy
 * benchmark) copied ~40 KB per rating, most of the garbage a server under writes
 * made. Appending is now one small object, whatever the history's length; only
 * the rare readers (a correction, a sign-off's hold, an import) walk the list.
 */
export interface RatingLog {
  readonly entry: RatingEntry;
  readonly before: RatingLog | undefined;
}

/** Every rating in the order recorded, corrections applied. */
export function ratingsOf(state: ActionState): RatingEntry[] {
  const ratings: RatingEntry[] = [];
  for (let link = state.ratings; link; link = link.before) ratings.push(link.entry);
  return ratings.reverse();
}

/** The log with one rating's code corrected: the links newer than it are made again, the older ones shared. */
function withCorrection(log: RatingLog | undefined, correctsEventId: string, code: string): RatingLog | undefined {
  const newer: RatingEntry[] = [];
  for (let link = log; link; link = link.before) {
    if (link.entry.eventId === correctsEventId) {
      let rebuilt: RatingLog = { entry: { ...link.entry, code }, before: link.before };
      for (let i = newer.length - 1; i >= 0; i--) rebuilt = { entry: newer[i], before: rebuilt };
      return rebuilt;
    }
    newer.push(link.entry);
  }
  return log;
}

/** Ratings ordered by when they took effect (a backdated entry slots into its place), ties in recorded order. */
export function ratingsByEffectiveDate(state: ActionState): RatingEntry[] {
  return ratingsOf(state)
    .map((rating, recordedOrder) => ({ rating, recordedOrder }))
    .sort((a, b) => a.rating.effectiveAt.localeCompare(b.rating.effectiveAt) || a.recordedOrder - b.recordedOrder)
    .map(({ rating }) => rating);
}

/** The rating in force now, or undefined while the action is still unrated (TBC). */
export function currentRating(state: ActionState): RatingEntry | undefined {
  const ordered = ratingsByEffectiveDate(state);
  return ordered[ordered.length - 1];
}

/** Since when the action has been held, without a break, at `code` (e.g. DG); undefined if it is not at that code now. */
export function heldSince(state: ActionState, code: string): string | undefined {
  const ordered = ratingsByEffectiveDate(state);
  let since: string | undefined;
  for (let i = ordered.length - 1; i >= 0 && ordered[i].code === code; i--) since = ordered[i].effectiveAt;
  return since;
}

/** Evidence accepted by the given moment (effective time): what a sign-off at that moment can rest on. */
export function acceptedEvidence(state: ActionState, by: string): EvidenceItem[] {
  return Object.values(state.evidence).filter((item) => item.status === 'accepted' && item.reviewedAt! <= by);
}
