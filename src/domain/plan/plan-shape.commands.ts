/** Commands that shape the plan's words and structure (plan-shape.ts decides them). */
interface Timed {
  effectiveAt?: string;
  reason?: string;
}

/**
 * Name the plan's levels: a preset (priority/action, workstream/project, outcome/action), or
 * each name given singular and plural; a name not given keeps the plan's current one.
 */
export interface NameLevels extends Timed {
  type: 'NameLevels';
  preset?: string;
  groupSingular?: string;
  groupPlural?: string;
  itemSingular?: string;
  itemPlural?: string;
  sectionSingular?: string;
  sectionPlural?: string;
}

export interface AddSection extends Timed {
  type: 'AddSection';
  number: number;
  title: string;
}

export interface PlaceGroupInSection extends Timed {
  type: 'PlaceGroupInSection';
  priorityNumber: number;
  section: number;
}

export interface RecordRecommendation extends Timed {
  type: 'RecordRecommendation';
  number: string;
  text: string;
}

export interface LinkRecommendation extends Timed {
  type: 'LinkRecommendation';
  priorityNumber: number;
  recommendation: string;
}

export interface UnlinkRecommendation extends Timed {
  type: 'UnlinkRecommendation';
  priorityNumber: number;
  recommendation: string;
}

export type PlanShapeCommand = NameLevels | AddSection | PlaceGroupInSection | RecordRecommendation | LinkRecommendation | UnlinkRecommendation;
