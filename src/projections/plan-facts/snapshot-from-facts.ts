import { Actor } from '../../event-store/envelope';
import { PlanCreated } from '../../domain/plan/plan.events';
import { RagScale } from '../../domain/rag-scale';
import {
  ActionSnapshot,
  CompletionSnapshot,
  displayCodes,
  EvidenceSnapshot,
  MilestoneSnapshot,
  PlanSnapshot,
  RatingSnapshot,
  sortActions,
} from '../plan-snapshot/plan-snapshot';
import { DetailField, FactKind } from './fact-kinds';
import { PlanTimeline } from './plan-timeline';

/** The whole plan, or only what the reports comparing ratings read (no evidence, no milestones). */
export type SnapshotContents = 'whole plan' | 'ratings only';

/** The kinds of fact about evidence and milestones, which no rating report reads: not even searched for those. */
const NOT_RATINGS: ReadonlySet<number> = new Set([FactKind.Evidence, FactKind.EvidenceReview, FactKind.EvidenceRedaction, FactKind.Milestone, FactKind.MilestoneStatus]);

/** No evidence or milestones: one frozen list shared by every action that has none. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

interface Lifecycle {
  status: 'open' | 'completed' | 'withdrawn';
  completion?: CompletionSnapshot;
  withdrawal?: { withdrawnAt: string; reason?: string; by: Actor };
}

const OPEN: Lifecycle = Object.freeze({ status: 'open' });

/** A read's view of one plan: its timeline and, per group, the version in force (-1 for none). */
interface InForce {
  timeline: PlanTimeline;
  slots: Int32Array;
}

/**
 * The plan as at (asOf, knownAt), assembled from the versions in force. It changes
 * nothing but the timeline's memo of merged items (see `merged`); the tests compare
 * what it gives, through the queries and the HTTP API, with the replay oracle.
 */
export function snapshotFromFacts(timeline: PlanTimeline, planSubject: string, asOf: string, knownAt: string, contents: SnapshotContents): PlanSnapshot | undefined {
  const read: InForce = { timeline, slots: timeline.inForce(asOf, knownAt, contents === 'ratings only' ? NOT_RATINGS : undefined) };
  const { subjects, subjectEnds } = timeline;
  const planIndex = subjects.indexOf(planSubject);
  if (planIndex < 0) return undefined;
  const plan = planPartsOf(read, planIndex === 0 ? 0 : subjectEnds[planIndex - 1], subjectEnds[planIndex]);
  if (!plan) return undefined;

  const displayCode = displayCodes(plan.scale);
  const actions: ActionSnapshot[] = [];
  let inPrintedOrder = true;
  let start = 0;
  for (let s = 0; s < subjects.length; s++) {
    const end = subjectEnds[s];
    if (s !== planIndex) {
      const action = actionOf(read, subjects[s], start, end, displayCode);
      if (action) {
        actions.push(action);
        if (inPrintedOrder && !timeline.inPlaceAt(s, read.slots)) inPrintedOrder = false;
      }
    }
    start = end;
  }
  return {
    planId: timeline.planId,
    title: plan.created.title,
    council: plan.created.council,
    signOffRole: plan.created.signOffRole,
    ratingMethod: plan.created.ratingMethod,
    ...(plan.created.minimumHold ? { minimumHold: plan.created.minimumHold } : {}),
    scale: plan.scale,
    asOf,
    knownAt,
    priorities: plan.priorities,
    reportingPoints: plan.reportingPoints,
    // The timeline holds actions in the plan's order by their latest details: sorted only if a detail in force is older.
    actions: inPrintedOrder ? actions : sortActions(actions),
  };
}

/** The plan's own facts in force: how it was created, its scale, priorities and reporting points. */
function planPartsOf({ timeline, slots }: InForce, start: number, end: number) {
  const { groupKinds, groupKeys, values } = timeline;
  let created = -1;
  let scale = -1;
  const priorityNumbers: number[] = [];
  const priorityFields = new Map<string, string>();
  const points: number[] = [];
  for (let g = start; g < end; g++) {
    const slot = slots[g];
    if (slot < 0) continue;
    switch (groupKinds[g]) {
      case FactKind.Plan: created = slot; break;
      case FactKind.Scale: scale = slot; break;
      case FactKind.Priority: priorityNumbers.push(Number(groupKeys[g])); break;
      case FactKind.PriorityField: priorityFields.set(groupKeys[g], values[slot] as string); break;
      case FactKind.ReportingPoint: points.push(g); break;
    }
  }
  if (created < 0) return undefined;
  const priorities = priorityNumbers
    .map((number) => {
      const outcome = priorityFields.get(`${number}:outcome`);
      return { number, title: priorityFields.get(`${number}:title`) ?? '', ...(outcome !== undefined ? { outcome } : {}) };
    })
    .sort((a, b) => a.number - b.number);
  const reportingPoints = inEffectiveOrder({ timeline, slots }, points).map((g) => ({ label: groupKeys[g], date: values[slots[g]] as string }));
  return {
    created: values[created] as PlanCreated['data'],
    scale: scale >= 0 ? (values[scale] as RagScale) : { name: '', codes: [] },
    priorities,
    reportingPoints,
  };
}

/**
 * The action as reports show it, or undefined before it was added. Its fields are
 * gathered into locals and the snapshot built as one literal with every field named
 * (absent ones undefined, which JSON leaves out): objects spread from varying keys
 * took V8's slow path, and this runs for every action of every plan read, twice for
 * a report between two dates.
 */
function actionOf(read: InForce, streamId: string, start: number, end: number, displayCode: (status: string, rating: RatingSnapshot | undefined) => string): ActionSnapshot | undefined {
  const { groupKinds, groupDetailFields, groupKeys, values, validFroms } = read.timeline;
  const slots = read.slots;
  let added = -1;
  let lifecycleSlot = -1;
  let ratingSlot = -1;
  let reference: unknown, priorityNumber: unknown, ofstedReference: unknown, title: unknown, successMeasures: unknown, lead: unknown, dueDate: unknown;
  let otherDetails: number[] | undefined;
  // An action's evidence items and milestones (their reviews, redactions and statuses are found through `companions`).
  let evidence: number[] | undefined, milestones: number[] | undefined;
  for (let g = start; g < end; g++) {
    const slot = slots[g];
    if (slot < 0) continue;
    switch (groupKinds[g]) {
      case FactKind.Added: added = slot; break;
      case FactKind.Lifecycle: lifecycleSlot = slot; break;
      case FactKind.Rating: ratingSlot = slot; break;
      case FactKind.Detail:
        switch (groupDetailFields[g]) {
          case DetailField.Reference: reference = values[slot]; break;
          case DetailField.PriorityNumber: priorityNumber = values[slot]; break;
          case DetailField.OfstedReference: ofstedReference = values[slot]; break;
          case DetailField.Title: title = values[slot]; break;
          case DetailField.SuccessMeasures: successMeasures = values[slot]; break;
          case DetailField.Lead: lead = values[slot]; break;
          case DetailField.DueDate: dueDate = values[slot]; break;
          default: (otherDetails ??= []).push(g);
        }
        break;
      case FactKind.Evidence: (evidence ??= []).push(g); break;
      case FactKind.Milestone: (milestones ??= []).push(g); break;
    }
  }
  if (added < 0) return undefined;
  const lifecycle = lifecycleSlot >= 0 ? (values[lifecycleSlot] as Lifecycle) : OPEN;
  const rating = ratingSlot >= 0 ? (values[ratingSlot] as RatingSnapshot) : undefined;
  const action: ActionSnapshot = {
    streamId,
    reference: reference as string,
    priorityNumber: priorityNumber as number,
    ofstedReference: ofstedReference as string | undefined,
    title: title as string,
    successMeasures: successMeasures as string | undefined,
    lead: lead as string | undefined,
    dueDate: dueDate as string | undefined,
    addedAt: validFroms[added],
    status: lifecycle.status,
    rating,
    displayCode: displayCode(lifecycle.status, rating),
    evidence: evidence ? evidenceOf(read, evidence) : NONE,
    milestones: milestones ? milestonesOf(read, milestones) : NONE,
    completion: lifecycle.completion,
    withdrawal: lifecycle.withdrawal,
  };
  if (otherDetails) for (const g of otherDetails) (action as unknown as Record<string, unknown>)[groupKeys[g]] = values[slots[g]];
  return action;
}

/** The version in force of a companion group (see PlanTimeline.companions), or -1. */
const companionInForce = (slots: Int32Array, group: number) => (group < 0 ? -1 : slots[group]);

/** Groups in the effective order of their versions in force (the timeline keeps them nearly so; this checks and mends). */
function inEffectiveOrder({ timeline, slots }: InForce, groups: number[]): number[] {
  const ranks = timeline.effectiveRanks;
  return groups.sort((a, b) => ranks[slots[a]] - ranks[slots[b]]);
}

/**
 * An evidence item (or milestone) merged with the versions that complete it (its
 * review, its redaction, its status), built once per combination of those versions
 * and then shared, frozen, by every snapshot they are in force for. The memo is kept
 * in the timeline, by version, so an inspector moving the date does not rebuild
 * hundreds of unchanged items each time (this merge was a third of a plan read).
 */
function merged<T>(timeline: PlanTimeline, slot: number, withSlot: number, andSlot: number, build: () => T): T {
  if (timeline.mergedWith[slot] === withSlot && timeline.mergedAnd[slot] === andSlot) return timeline.mergedItems[slot] as T;
  const value = Object.freeze(build());
  timeline.mergedItems[slot] = value;
  timeline.mergedWith[slot] = withSlot;
  timeline.mergedAnd[slot] = andSlot;
  return value;
}

/** The payloads `factsFromEvent` writes for evidence (submitted, then reviewed) and milestones. */
type Submitted = Omit<EvidenceSnapshot, 'evidenceId' | 'status' | 'reviewedAt' | 'reviewedBy' | 'reviewReason' | 'redaction'>;
type Review = Pick<EvidenceSnapshot, 'status' | 'reviewedAt' | 'reviewedBy' | 'reviewReason'>;
type Milestone = Omit<MilestoneSnapshot, 'milestoneId' | 'status'>;

/**
 * Each item is built as one literal with every field named (absent ones undefined, which JSON
 * leaves out), not spread together: with the date moving back and forth, an item is rebuilt
 * whenever its review comes in or out of force, and spreads took V8's slow path.
 */
function evidenceOf(read: InForce, evidence: number[]): EvidenceSnapshot[] {
  const { timeline, slots } = read;
  const { groupKeys, values, companions } = timeline;
  return inEffectiveOrder(read, evidence).map((g) => {
    const review = companionInForce(slots, companions[2 * g]);
    const redaction = companionInForce(slots, companions[2 * g + 1]);
    return merged(timeline, slots[g], review, redaction, (): EvidenceSnapshot => {
      const item = values[slots[g]] as Submitted;
      const reviewed = review >= 0 ? (values[review] as Review) : undefined;
      return {
        evidenceId: groupKeys[g],
        title: item.title,
        description: item.description,
        fileHash: item.fileHash,
        fileName: item.fileName,
        fileSize: item.fileSize,
        mediaType: item.mediaType,
        submittedAt: item.submittedAt,
        submittedBy: item.submittedBy,
        status: reviewed ? reviewed.status : 'submitted',
        reviewedAt: reviewed?.reviewedAt,
        reviewedBy: reviewed?.reviewedBy,
        reviewReason: reviewed?.reviewReason,
        redaction: redaction >= 0 ? (values[redaction] as EvidenceSnapshot['redaction']) : undefined,
      };
    });
  });
}

function milestonesOf(read: InForce, milestones: number[]): MilestoneSnapshot[] {
  const { timeline, slots } = read;
  const { groupKeys, values, companions } = timeline;
  return inEffectiveOrder(read, milestones).map((g) => {
    const status = companionInForce(slots, companions[2 * g]);
    return merged(timeline, slots[g], status, -1, (): MilestoneSnapshot => {
      const milestone = values[slots[g]] as Milestone;
      return { milestoneId: groupKeys[g], title: milestone.title, dueDate: milestone.dueDate, lead: milestone.lead, status: status >= 0 ? (values[status] as string) : '' };
    });
  });
}
