import { CriteriaAssessment } from '../criteria';
import { ImportedFrom } from '../imported-from';
import { ActionDetails } from './action.events';

/** When a change took effect and, if that was before today, why it is entered late. */
interface Timed {
  effectiveAt?: string;
  reason?: string;
}

export interface AddAction extends Timed, Omit<ActionDetails, 'reference'> {
  type: 'AddAction';
  reference: string;
  /** Omitted: the action starts unrated (TBC), as the NEW 1..8 rows do. */
  initialRating?: string;
}
export interface AmendAction extends Timed, Partial<Omit<ActionDetails, 'reference'>> {
  type: 'AmendAction';
}
export interface WithdrawAction extends Timed {
  type: 'WithdrawAction';
}
export interface ChangeRating extends Timed {
  type: 'ChangeRating';
  code: string;
  /** The "update from service" that explains the rating. */
  commentary?: string;
}
export interface CorrectRating extends Timed {
  type: 'CorrectRating';
  correctsEventId: string;
  code: string;
  commentary?: string;
}
export interface AssessCriteria extends Timed {
  type: 'AssessCriteria';
  criteria: CriteriaAssessment;
}
export interface AddMilestone extends Timed {
  type: 'AddMilestone';
  milestoneId: string;
  title: string;
  dueDate?: string;
  lead?: string;
  status?: string;
}
export interface ChangeMilestoneStatus extends Timed {
  type: 'ChangeMilestoneStatus';
  milestoneId: string;
  status: string;
  commentary?: string;
}
export interface SubmitEvidence extends Timed {
  type: 'SubmitEvidence';
  evidenceId: string;
  title: string;
  description?: string;
  fileHash?: string;
  fileName?: string;
  fileSize?: number;
  mediaType?: string;
}
export interface AcceptEvidence extends Timed {
  type: 'AcceptEvidence';
  evidenceId: string;
  commentary?: string;
}
export interface RejectEvidence extends Timed {
  type: 'RejectEvidence';
  evidenceId: string;
}
export interface RedactEvidence extends Timed {
  type: 'RedactEvidence';
  evidenceId: string;
}
export interface SignOffCompletion extends Timed {
  type: 'SignOffCompletion';
  commentary?: string;
}
export interface ReopenAction extends Timed {
  type: 'ReopenAction';
}

/** What a plan file reports, recorded as imported history (action.imported.ts). */
export interface ImportRating extends Timed {
  type: 'ImportRating';
  code: string;
  imported: ImportedFrom;
}
export interface ImportCompletion extends Timed {
  type: 'ImportCompletion';
  imported: ImportedFrom;
  /** The file's cell as it holds it ("C", or a Cyrillic "С"), read against the scale's completed code. */
  code?: string;
}
export interface ImportReopening extends Timed {
  type: 'ImportReopening';
  imported: ImportedFrom;
}

/** Link an action to a recommendation the plan records, or undo the link (action.recommendations.ts). */
export interface LinkActionRecommendation {
  type: 'LinkActionRecommendation';
  recommendation: string;
  effectiveAt?: string;
  reason?: string;
}

export interface UnlinkActionRecommendation {
  type: 'UnlinkActionRecommendation';
  recommendation: string;
  effectiveAt?: string;
  reason?: string;
}

export type ActionCommand =
  | AddAction
  | AmendAction
  | WithdrawAction
  | ChangeRating
  | CorrectRating
  | AssessCriteria
  | AddMilestone
  | ChangeMilestoneStatus
  | SubmitEvidence
  | AcceptEvidence
  | RejectEvidence
  | RedactEvidence
  | SignOffCompletion
  | ReopenAction
  | ImportRating
  | ImportCompletion
  | ImportReopening
  | LinkActionRecommendation
  | UnlinkActionRecommendation;
