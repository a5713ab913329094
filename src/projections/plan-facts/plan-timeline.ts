import { codeUnitOrder } from '../../code-unit-order';
import { compareReferences, EvidenceSnapshot, MilestoneSnapshot } from '../plan-snapshot/plan-snapshot';
import { DetailField, detailFieldOf, FACT_KIND_COUNT, FactKind, factKindOf } from './fact-kinds';
import { deepFreeze, effectivePositionOf, instant, SHARED_PAYLOAD_LENGTH } from './timeline-loading';

/**
 * One version of one (subject, kind, key): a row of plan_facts, as read. Its `supersededAt`
 * is not read: a version is superseded by the correction that replaces it, which is a
 * version of its own (same group, same validKey, a later position), so the timeline
 * works it out from the facts it holds and never holds a supersession without its
 * replacement (see `place`).
 */
export interface FactVersion {
  subject: string;
  kind: string;
  key: string;
  payload: string;
  validFrom: string;
  validKey: string;
  recordedAt: string;
  /** The position of the event that wrote it: a replacement comes after the version it replaces. */
  position: number;
}

/**
 * A plan's facts in memory, grouped by (subject, kind, key), each group in
 * effective order (validKey). "The plan as at (asOf, knownAt)" is, per group, the
 * latest version effective by asOf that was on record at knownAt and not yet
 * superseded — the same rule as the SQL over plan_facts, answered by a binary
 * search per group instead of a scan of every fact the plan ever had.
 *
 * It takes new facts where they belong (`add`): a new version goes into its group at
 * its place in effective order, a backdated one before the versions effective after
 * it, a correction's replacement beside the version it supersedes. What that costs
 * depends on the facts added and the size of their group, never on the plan's whole
 * history, so a read after a write does not reload the plan. Versions are numbered
 * (slots) in the order they arrive and never renumbered, so nothing a read kept by
 * slot (the merged items below) goes stale when a fact is added. `add` runs to the end
 * without yielding, so no read sees a timeline with half a batch in it.
 *
 * These arrays are the timeline's inside: the rest of the code reads a plan at a date
 * through FactsInForce, which hands each fact back as the record of its kind
 * (fact-records.ts) — a rating, an evidence item and its review — never as a slot.
 */
export class PlanTimeline {
  /** Each subject (the plan's stream, each action's stream) once, in the order first seen. */
  readonly subjects: string[] = [];
  /** Per subject, its groups. */
  private readonly groupsBySubject: number[][] = [];
  /** The subjects in the order the plan prints them (see `placeSubjects`). */
  private printed: number[] = [];
  /** Per subject, the groups of the details it is placed in printed order by: [2s] its priority number, [2s + 1] its reference (-1 for none). */
  private readonly placedBy: number[] = [];
  /** Per group: its kind (FactKind), its key, and for an action's detail which field it is (a DetailField). */
  readonly groupKinds: number[] = [];
  readonly groupKeys: string[] = [];
  readonly groupDetailFields: number[] = [];
  /**
   * Per group of an evidence item or a milestone, the groups that complete it, or -1:
   * [2g] its review (or the milestone's status), [2g + 1] its redaction. Matched as the
   * groups appear, so a read does not match them up by id.
   */
  readonly companions: number[] = [];
  /** Per group, its versions (slots) in effective order. */
  private readonly versions: number[][] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly subjectIds = new Map<string, number>();

  /** Per version: its parsed (frozen) payload, of the type fact-records.ts gives its group's kind, and its effective date. */
  readonly payloads: unknown[] = [];
  readonly validFroms: string[] = [];
  /**
   * Per version of an evidence item or milestone: the item as a read last merged it with
   * the versions that complete it, and which those were (-1 for none, -2 before the first
   * read), kept for the next read that finds the same versions in force (see FactsInForce's
   * `mergedEvidence`).
   */
  readonly mergedEvidence: (EvidenceSnapshot | undefined)[] = [];
  readonly mergedMilestones: (MilestoneSnapshot | undefined)[] = [];
  readonly mergedWith: number[] = [];
  readonly mergedAnd: number[] = [];
  /** Per version, its place in effective order: the effective instant, then the position in its validKey (a replacement keeps the original's). */
  private readonly validFrom: number[] = [];
  private readonly effectivePosition: number[] = [];
  private readonly recordedAt: number[] = [];
  /** +Infinity for a version never superseded. */
  private readonly supersededAt: number[] = [];

  /** The same subject, key or date recurs across thousands of rows: one copy of each (fewer objects for the GC to trace). */
  private readonly strings = new Map<string, string>();
  /** Short payloads recur (every open lifecycle, milestone statuses): parsed once and shared. */
  private readonly shortPayloads = new Map<string, unknown>();

  constructor(
    readonly planId: string,
    rows: FactVersion[],
  ) {
    this.add(rows);
  }

  get factCount(): number {
    return this.payloads.length;
  }

  /**
   * Take facts written after those already held, each into its group at its place in
   * effective order. Within the batch they are taken in effective order, so a whole plan
   * loaded at once is appended group by group, and a replacement after the version it replaces.
   */
  add(rows: FactVersion[]): void {
    const order = rows.map((_, index) => index).sort((a, b) => codeUnitOrder(rows[a].validKey, rows[b].validKey) || rows[a].position - rows[b].position);
    // Effective dates recur within a load (an import's board dates): one copy of each, for this batch only (a new fact's date is its own).
    const dates = new Map<string, string>();
    let moved = false;
    for (const index of order) moved = this.place(rows[index], dates) || moved;
    if (moved) this.placeSubjects();
  }

  /** One version into its group; whether it may move its subject in printed order. */
  private place(row: FactVersion, dates: Map<string, string>): boolean {
    let moved = false;
    let subject = this.subjectIds.get(row.subject);
    if (subject === undefined) {
      subject = this.subjects.length;
      this.subjects.push(this.one(row.subject));
      this.subjectIds.set(row.subject, subject);
      this.groupsBySubject.push([]);
      this.placedBy.push(-1, -1);
      moved = true;
    }
    const id = `${row.subject}\u0000${row.kind}\u0000${row.key}`;
    let group = this.groupIds.get(id);
    if (group === undefined) {
      group = this.newGroup(id, subject, factKindOf(row.kind), this.one(row.key));
    }

    const slot = this.payloads.length;
    // Parsed (and frozen) now rather than on first use: a lazily parsed version cost a read ~1.5 µs.
    this.payloads.push(this.parse(row.payload));
    let date = dates.get(row.validFrom);
    if (date === undefined) dates.set(row.validFrom, (date = row.validFrom));
    this.validFroms.push(date);
    this.validFrom.push(instant(row.validFrom));
    this.effectivePosition.push(effectivePositionOf(row.validKey));
    this.recordedAt.push(instant(row.recordedAt));
    this.supersededAt.push(Infinity);
    this.mergedEvidence.push(undefined);
    this.mergedMilestones.push(undefined);
    this.mergedWith.push(-2);
    this.mergedAnd.push(-2);

    // After every version effective before it or at the same place (binary search): at the end, unless backdated.
    const list = this.versions[group];
    // Most facts come after every version of their group (a plan loaded in effective order, a fact effective now): no search.
    let low = list.length === 0 || this.compareEffective(list[list.length - 1], slot) <= 0 ? list.length : 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareEffective(list[middle], slot) <= 0) low = middle + 1;
      else high = middle;
    }
    // A rating at the same place as one held is a correction's replacement: the version it
    // replaces is superseded when the replacement was recorded (plan-facts.projection.ts does the same in plan_facts).
    if (this.groupKinds[group] === FactKind.Rating) {
      for (let i = low - 1; i >= 0 && this.compareEffective(list[i], slot) === 0; i--) {
        if (this.supersededAt[list[i]] === Infinity) this.supersededAt[list[i]] = this.recordedAt[slot];
      }
    }
    if (low === list.length) list.push(slot);
    else list.splice(low, 0, slot);
    const field = this.groupDetailFields[group];
    if (low === list.length - 1 && (field === DetailField.PriorityNumber || field === DetailField.Reference)) moved = true;
    return moved;
  }

  private newGroup(id: string, subject: number, kind: number, key: string): number {
    const group = this.groupKinds.length;
    const detailField = kind === FactKind.Detail ? detailFieldOf(key) : DetailField.Other;
    this.groupIds.set(id, group);
    this.groupKinds.push(kind);
    this.groupKeys.push(key);
    this.groupDetailFields.push(detailField);
    this.companions.push(-1, -1);
    this.versions.push([]);
    this.groupsBySubject[subject].push(group);
    if (detailField === DetailField.PriorityNumber) this.placedBy[2 * subject] = group;
    if (detailField === DetailField.Reference) this.placedBy[2 * subject + 1] = group;
    // Match an evidence item with its review and redaction, and a milestone with its status, whichever comes first.
    const subjectName = this.subjects[subject];
    const find = (k: number) => this.groupIds.get(`${subjectName}\u0000${kindName(k)}\u0000${key}`) ?? -1;
    switch (kind) {
      case FactKind.Evidence:
        this.companions[2 * group] = find(FactKind.EvidenceReview);
        this.companions[2 * group + 1] = find(FactKind.EvidenceRedaction);
        break;
      case FactKind.Milestone:
        this.companions[2 * group] = find(FactKind.MilestoneStatus);
        break;
      case FactKind.EvidenceReview:
      case FactKind.EvidenceRedaction:
      case FactKind.MilestoneStatus: {
        const item = find(kind === FactKind.MilestoneStatus ? FactKind.Milestone : FactKind.Evidence);
        if (item >= 0) this.companions[2 * item + (kind === FactKind.EvidenceRedaction ? 1 : 0)] = group;
        break;
      }
    }
    return group;
  }

  /**
   * Actions in the order the plan prints them (priority, then reference, as last recorded
   * in effective order), so a snapshot's actions come out already in order and need no
   * sort; the plan's own stream, with no such details, first. Redone only when a subject
   * appears or its latest priority or reference changes: a sort of the plan's actions, not its facts.
   */
  private placeSubjects(): void {
    const latest = (group: number): unknown => {
      if (group < 0) return undefined;
      const list = this.versions[group];
      return this.payloads[list[list.length - 1]];
    };
    const placed = this.subjects.map((subject, s) => ({ s, subject, priority: latest(this.placedBy[2 * s]), reference: latest(this.placedBy[2 * s + 1]) }));
    const rank = (p: (typeof placed)[number]) => (typeof p.priority === 'number' ? p.priority : -Infinity);
    placed.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (typeof a.reference === 'string' && typeof b.reference === 'string' ? compareReferences(a.reference, b.reference) : 0) ||
        codeUnitOrder(a.subject, b.subject),
    );
    this.printed = placed.map((p) => p.s);
  }

  /** The subjects in printed order (see `placeSubjects`). */
  get inPrintedOrder(): readonly number[] {
    return this.printed;
  }

  /** The subject's groups. */
  groupsOf(subject: number): readonly number[] {
    return this.groupsBySubject[subject];
  }

  get groupCount(): number {
    return this.groupKinds.length;
  }

  /** Two versions in effective order (validKey order: the effective instant, then the position it carries). */
  compareEffective(a: number, b: number): number {
    return this.validFrom[a] - this.validFrom[b] || this.effectivePosition[a] - this.effectivePosition[b];
  }

  /**
   * Whether, in this read, the subject's priority number and reference are the latest ones,
   * by which the timeline placed it in printed order. When that holds for every action in
   * a snapshot, they are already in the order sortActions would give (it is a stable sort
   * by the same comparison), and the read need not sort them.
   */
  inPlaceAt(subject: number, slots: Int32Array): boolean {
    const priority = this.placedBy[2 * subject];
    const reference = this.placedBy[2 * subject + 1];
    if (priority < 0 || reference < 0) return false;
    const priorities = this.versions[priority];
    const references = this.versions[reference];
    return slots[priority] === priorities[priorities.length - 1] && slots[reference] === references[references.length - 1];
  }

  /**
   * Per group, the version in force at (asOf, knownAt) — its slot in `payloads` — or -1 where
   * none is (not yet effective, not yet on record, or a kind in `leaveOut`, not even searched).
   */
  inForce(asOf: string, knownAt: string, leaveOut?: ReadonlySet<number>): Int32Array {
    const asOfMs = instant(asOf);
    const knownAtMs = instant(knownAt);
    const { versions, groupKinds, validFrom, recordedAt, supersededAt } = this;
    const slots = new Int32Array(versions.length).fill(-1);
    const skipped = new Uint8Array(FACT_KIND_COUNT);
    leaveOut?.forEach((kind) => (skipped[kind] = 1));
    for (let g = 0; g < versions.length; g++) {
      if (skipped[groupKinds[g]] === 1) continue;
      const list = versions[g];
      // The last version effective by asOf (validKey begins with validFrom, so the group is in validFrom order too)…
      let low = 0;
      let high = list.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (validFrom[list[middle]] <= asOfMs) low = middle + 1;
        else high = middle;
      }
      // …then back to the latest one that was on record at knownAt and not superseded by then.
      for (let i = low - 1; i >= 0; i--) {
        const slot = list[i];
        if (recordedAt[slot] <= knownAtMs && supersededAt[slot] > knownAtMs) {
          slots[g] = slot;
          break;
        }
      }
    }
    return slots;
  }

  private one(text: string): string {
    const kept = this.strings.get(text);
    if (kept !== undefined) return kept;
    this.strings.set(text, text);
    return text;
  }

  /** Long payloads (ratings with their commentary and event id) are unique, and not worth a look-up. */
  private parse(text: string): unknown {
    if (text.length > SHARED_PAYLOAD_LENGTH) return deepFreeze(JSON.parse(text));
    let value = this.shortPayloads.get(text);
    if (value === undefined) {
      value = deepFreeze(JSON.parse(text));
      this.shortPayloads.set(text, value);
    }
    return value;
  }
}

const KIND_NAME_OF: Record<number, string> = {
  [FactKind.Evidence]: 'evidence',
  [FactKind.EvidenceReview]: 'evidence-review',
  [FactKind.EvidenceRedaction]: 'evidence-redaction',
  [FactKind.Milestone]: 'milestone',
  [FactKind.MilestoneStatus]: 'milestone-status',
};

/** The stored name of the kinds that complete one another, to find a group by its id. */
function kindName(kind: number): string {
  return KIND_NAME_OF[kind];
}
