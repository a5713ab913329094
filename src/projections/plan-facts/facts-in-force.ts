import { EvidenceSnapshot, MilestoneSnapshot } from '../plan-snapshot/plan-snapshot';
import {
  ActionDetailFacts,
  EvidenceFact,
  EvidenceRedactionFact,
  EvidenceReviewFact,
  LifecycleFact,
  MilestoneFact,
  MilestoneStatusFact,
  PlanCreatedFact,
  PlanSettingFact,
  PriorityFieldFact,
  RatingFact,
  ReportingPointFact,
  ScaleFact,
} from './fact-records';
import { PlanTimeline } from './plan-timeline';
import { instant } from './timeline-loading';

/**
 * A plan's facts in force at (asOf, knownAt): for each group of its timeline (one
 * subject, kind and key: an action's rating, one evidence item, a priority's title)
 * the fact that holds then, handed back as the record of its kind (fact-records.ts).
 *
 * Groups are numbered as the timeline holds them, and listed by subject (`groupsOf`). Nothing is copied out of the timeline's packed arrays: each accessor
 * reads the one version in force, so a read allocates no object per fact.
 */
export class FactsInForce {
  /** Per group, the version in force, or -1 (see PlanTimeline.inForce). */
  private readonly slots: Int32Array;
  private readonly asOfMs: number;

  constructor(
    readonly timeline: PlanTimeline,
    asOf: string,
    knownAt: string,
    leaveOut?: ReadonlySet<number>,
  ) {
    this.slots = timeline.inForce(asOf, knownAt, leaveOut);
    this.asOfMs = instant(asOf);
  }

  /** The subject's groups. */
  groupsOf(subject: number): readonly number[] {
    return this.timeline.groupsOf(subject);
  }

  /**
   * Whether any of the subject's groups `first` … `first + GROUP_BLOCK - 1` (indices into
   * `groupsOf`, `first` a multiple of GROUP_BLOCK) may hold a fact: when not, a reader steps
   * over them all, so the items added after the date read cost it nothing.
   */
  mayHoldBlock(subject: number, first: number): boolean {
    return this.timeline.mayHoldBlock(subject, first, this.asOfMs);
  }

  /** Whether the group has a fact in force (else it was not yet effective, not yet on record, or left out). */
  holds(group: number): boolean {
    return this.slots[group] >= 0;
  }

  /** The group's FactKind, its key, and for an action's detail which field it is (DetailField). */
  kindOf(group: number): number {
    return this.timeline.groupKinds[group];
  }

  keyOf(group: number): string {
    return this.timeline.groupKeys[group];
  }

  detailFieldOf(group: number): number {
    return this.timeline.groupDetailFields[group];
  }

  /** When the fact in force took effect. */
  effectiveFrom(group: number): string {
    return this.timeline.validFroms[this.slots[group]];
  }

  planCreated(group: number): PlanCreatedFact {
    return this.fact(group);
  }

  planSetting(group: number): PlanSettingFact {
    return this.fact(group);
  }

  scale(group: number): ScaleFact {
    return this.fact(group);
  }

  priorityField(group: number): PriorityFieldFact {
    return this.fact(group);
  }

  reportingPoint(group: number): ReportingPointFact {
    return this.fact(group);
  }

  /** A fact of the plan's shape; what it holds depends on its key (shape-facts.ts). */
  shape(group: number): unknown {
    return this.fact(group);
  }

  lifecycle(group: number): LifecycleFact {
    return this.fact(group);
  }

  rating(group: number): RatingFact {
    return this.fact(group);
  }

  /** One of an action's details; `field` is the one `detailFieldOf(group)` names. */
  detail<F extends keyof ActionDetailFacts>(group: number, _field: F): ActionDetailFacts[F] {
    return this.fact(group);
  }

  /** A detail this code has no field for (written by a later version): copied onto the action as it is. */
  otherDetail(group: number): unknown {
    return this.timeline.payloads[this.slots[group]];
  }

  evidence(group: number): EvidenceFact {
    return this.fact(group);
  }

  /** The review in force of an evidence item's group, if any. */
  reviewOf(evidenceGroup: number): EvidenceReviewFact | undefined {
    return this.companion(evidenceGroup, 0);
  }

  /** The erasure in force of an evidence item's file, if any. */
  redactionOf(evidenceGroup: number): EvidenceRedactionFact | undefined {
    return this.companion(evidenceGroup, 1);
  }

  milestone(group: number): MilestoneFact {
    return this.fact(group);
  }

  /** The status in force of a milestone's group, if any. */
  statusOf(milestoneGroup: number): MilestoneStatusFact | undefined {
    return this.companion(milestoneGroup, 0);
  }

  /** Groups in the effective order of their facts in force (the timeline keeps them nearly so; this checks and mends). */
  inEffectiveOrder(groups: number[]): number[] {
    const timeline = this.timeline;
    const slots = this.slots;
    return groups.sort((a, b) => timeline.compareEffective(slots[a], slots[b]));
  }

  /** Whether the subject's priority and reference in force are those the timeline placed it in printed order by. */
  inPrintedPlace(subject: number): boolean {
    return this.timeline.inPlaceAt(subject, this.slots);
  }

  /**
   * An evidence item merged with its review and redaction in force, built once per
   * combination of those versions and then shared, frozen, by every snapshot they are
   * in force for. The memo is kept in the timeline, by version, so an inspector moving
   * the date does not rebuild hundreds of unchanged items each time (this merge was a
   * third of a plan read).
   */
  mergedEvidence(group: number, build: () => EvidenceSnapshot): EvidenceSnapshot {
    return this.merged(group, this.timeline.mergedEvidence, build);
  }

  /** A milestone merged with its status in force, kept as `mergedEvidence` keeps evidence items. */
  mergedMilestone(group: number, build: () => MilestoneSnapshot): MilestoneSnapshot {
    return this.merged(group, this.timeline.mergedMilestones, build);
  }

  /**
   * The payload of the group's version in force, as the record of its kind. The one
   * place a stored payload is taken for its type: the group's kind says which record
   * `factsFromEvent` wrote (fact-records.ts), and the accessors above are named for it.
   */
  private fact<T>(group: number): T {
    return this.timeline.payloads[this.slots[group]] as T;
  }

  /** The fact in force in a group that completes this one (review, redaction, status), if any. */
  private companion<T>(group: number, which: 0 | 1): T | undefined {
    const companion = this.timeline.companions[2 * group + which];
    return companion < 0 || this.slots[companion] < 0 ? undefined : this.fact<T>(companion);
  }

  /** The memo behind mergedEvidence and mergedMilestone: by the item's version, with the versions in force that complete it. */
  private merged<T>(group: number, items: (T | undefined)[], build: () => T): T {
    const { companions, mergedWith, mergedAnd } = this.timeline;
    const slots = this.slots;
    const slot = slots[group];
    const first = companions[2 * group];
    const second = companions[2 * group + 1];
    const withSlot = first < 0 ? -1 : slots[first];
    const andSlot = second < 0 ? -1 : slots[second];
    const kept = items[slot];
    if (kept !== undefined && mergedWith[slot] === withSlot && mergedAnd[slot] === andSlot) return kept;
    const item = Object.freeze(build());
    items[slot] = item;
    mergedWith[slot] = withSlot;
    mergedAnd[slot] = andSlot;
    return item;
  }
}
