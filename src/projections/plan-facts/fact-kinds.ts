/**
 * The kinds of fact that `factsFromEvent` writes, as small numbers: a plan's timeline
 * keeps one per (subject, kind, key) group in a typed array, so a read can sort facts
 * by kind without touching the facts themselves.
 */
export const FactKind = {
  Plan: 1,
  Scale: 2,
  Priority: 3,
  PriorityField: 4,
  ReportingPoint: 5,
  Added: 6,
  Lifecycle: 7,
  Rating: 8,
  Detail: 9,
  Evidence: 10,
  EvidenceReview: 11,
  EvidenceRedaction: 12,
  Milestone: 13,
  MilestoneStatus: 14,
  PlanSetting: 15,
  /** The plan's words, sections, recommendations and links (shape-facts.ts). */
  Shape: 16,
  /** A kind this code does not know (written by a later version): held, never read. */
  Other: 0,
} as const;

/** One more than the largest FactKind: the length of an array indexed by kind. */
export const FACT_KIND_COUNT = Math.max(...Object.values(FactKind)) + 1;

const KIND_NAMES: Record<string, number> = {
  plan: FactKind.Plan,
  scale: FactKind.Scale,
  priority: FactKind.Priority,
  'priority-field': FactKind.PriorityField,
  'reporting-point': FactKind.ReportingPoint,
  added: FactKind.Added,
  lifecycle: FactKind.Lifecycle,
  rating: FactKind.Rating,
  detail: FactKind.Detail,
  evidence: FactKind.Evidence,
  'evidence-review': FactKind.EvidenceReview,
  'evidence-redaction': FactKind.EvidenceRedaction,
  milestone: FactKind.Milestone,
  'milestone-status': FactKind.MilestoneStatus,
  'plan-setting': FactKind.PlanSetting,
  shape: FactKind.Shape,
};

export function factKindOf(kind: string): number {
  return Object.hasOwn(KIND_NAMES, kind) ? KIND_NAMES[kind] : FactKind.Other;
}

/**
 * An action's details (ActionAdded's fields, changed by ActionAmended), each a fact
 * keyed by its field name. Numbered so a read assigns each to its field by number
 * rather than by name; a field not listed here (0) is still copied onto the action.
 */
export const DetailField = {
  Reference: 1,
  PriorityNumber: 2,
  OfstedReference: 3,
  Title: 4,
  SuccessMeasures: 5,
  Lead: 6,
  DueDate: 7,
  Other: 0,
} as const;

const DETAIL_NAMES: Record<string, number> = {
  reference: DetailField.Reference,
  priorityNumber: DetailField.PriorityNumber,
  ofstedReference: DetailField.OfstedReference,
  title: DetailField.Title,
  successMeasures: DetailField.SuccessMeasures,
  lead: DetailField.Lead,
  dueDate: DetailField.DueDate,
};

export function detailFieldOf(key: string): number {
  return Object.hasOwn(DETAIL_NAMES, key) ? DETAIL_NAMES[key] : DetailField.Other;
}
