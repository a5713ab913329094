import { RagScale } from '../rag-scale';
import { SignOffRole } from '../roles';
import { MinimumHold, RatingMethod } from './plan.events';
import { PlanShapeCommand } from './plan-shape.commands';

export interface CreatePlan {
  type: 'CreatePlan';
  planId: string;
  title: string;
  council: string;
  /** A preset name (sunderland-5, rag-completed, rag) or a custom scale. */
  scale: string | RagScale;
  signOffRole?: SignOffRole;
  ratingMethod?: RatingMethod;
  minimumHold?: MinimumHold;
  /** On unless turned off. */
  separationOfDuties?: boolean;
  effectiveAt?: string;
  reason?: string;
}

/** Change who signs off, the four-eyes rules or the minimum hold; give only what changes. `minimumHold: null` ends the hold. */
export interface ChangePlanSettings {
  type: 'ChangePlanSettings';
  signOffRole?: SignOffRole;
  separationOfDuties?: boolean;
  minimumHold?: MinimumHold | null;
  effectiveAt?: string;
  reason?: string;
}

export interface DefineRagScale {
  type: 'DefineRagScale';
  scale: string | RagScale;
  effectiveAt?: string;
  reason?: string;
}

export interface AddPriority {
  type: 'AddPriority';
  number: number;
  title: string;
  outcome?: string;
  effectiveAt?: string;
  reason?: string;
}

export interface AmendPriority {
  type: 'AmendPriority';
  number: number;
  title?: string;
  outcome?: string;
  effectiveAt?: string;
  reason?: string;
}

export interface RecordReportingPoint {
  type: 'RecordReportingPoint';
  label: string;
  date: string;
  effectiveAt?: string;
  reason?: string;
}

/** That a plan file is being imported into the plan: who may import is decided here, once (plan.import.ts). */
export interface RecordImport {
  type: 'RecordImport';
  file: string;
  sha256: string;
  rows: number;
  effectiveAt?: string;
  reason?: string;
}

export type PlanCommand = CreatePlan | DefineRagScale | AddPriority | AmendPriority | RecordReportingPoint | ChangePlanSettings | RecordImport | PlanShapeCommand;
