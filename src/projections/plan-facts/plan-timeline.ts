import { codeUnitOrder } from '../../code-unit-order';
import { EvidenceSnapshot, MilestoneSnapshot } from '../plan-snapshot/plan-snapshot';
import { DetailField, detailFieldOf, FACT_KIND_COUNT, FactKind, factKindOf } from './fact-kinds';
import { deepFreeze, Group, inReadingOrder, instant, SHARED_PAYLOAD_LENGTH } from './timeline-loading';

/** One version of one (subject, kind, key): a row of plan_facts, as read. */
export interface FactVersion {
  subject: string;
  kind: string;
  key: string;
  payload: string;
  validFrom: string;
  validKey: string;
  recordedAt: string;
  supersededAt: string | null;
}

/**
 * A plan's facts in memory, grouped by (subject, kind, key), each group in
 * effective order (validKey). "The plan as at (asOf, knownAt)" is, per group, the
 * latest version effective by asOf that was on record at knownAt and not yet
 * superseded — the same rule as the SQL over plan_facts, answered by a binary
 * search per group instead of a scan of every fact the plan ever had.
 *
 * Everything a read needs is held in arrays indexed by group or by version (slot),
 * not in an object per version: a server holds a million versions, and a read that
 * chased one object per fact in force spent a quarter of its time on the first touch
 * of each (a cache miss apiece). A read now walks typed arrays and touches only the
 * parsed values it puts into the snapshot.
 *
 * These arrays are the timeline's inside: the rest of the code reads a plan at a date
 * through FactsInForce, which hands each fact back as the record of its kind
 * (fact-records.ts) — a rating, an evidence item and its review — never as a slot.
 */
export class PlanTimeline {
  /** Each subject (the plan's stream, each action's stream) once, in the order their groups are held. */
  readonly subjects: string[];
  /** Where each subject's groups end (they start where the previous subject's end). */
  readonly subjectEnds: Int32Array;
  /** Per group: its kind (FactKind), its key, and for an action's detail which field it is (a DetailField). */
  readonly groupKinds: Uint8Array;
  readonly groupKeys: string[];
  readonly groupDetailFields: Uint8Array;
  /**
   * Per group of an evidence item or a milestone, the groups that complete it, or -1:
   * [2g] its review (or the milestone's status), [2g + 1] its redaction. Found once, on
   * loading, so a read does not match them up by id.
   */
  readonly companions: Int32Array;
  /**
   * Per subject, the groups of the details it was placed in printed order by: [2s] its
   * priority number, [2s + 1] its reference (-1 for none). See `inPlaceAt`.
   */
  private readonly placedBy: Int32Array;
  /** Per version: its parsed (frozen) payload, of the type fact-records.ts gives its group's kind, and its effective date. */
  readonly payloads: unknown[];
  readonly validFroms: string[];
  /** Per version: its place in effective (validKey) order among all the plan's versions, to sort by without reading the keys. */
  readonly effectiveRanks: Int32Array;
  /**
   * Per version of an evidence item or milestone: the item as a read last merged it with
   * the versions that complete it, and which those were (-1 for none, -2 before the first
   * read), kept for the next read that finds the same versions in force (see FactsInForce's
   * `mergedEvidence`). The slots are in typed arrays so that checking them touches no object.
   */
  readonly mergedEvidence: (EvidenceSnapshot | undefined)[];
  readonly mergedMilestones: (MilestoneSnapshot | undefined)[];
  readonly mergedWith: Int32Array;
  readonly mergedAnd: Int32Array;
  /** Where each group ends among the versions (it starts where the previous one ends). */
  private readonly groupEnds: Int32Array;
  private readonly validFrom: Float64Array;
  private readonly recordedAt: Float64Array;
  /** +Infinity for a version never superseded. */
  private readonly supersededAt: Float64Array;

  constructor(
    readonly planId: string,
    rows: FactVersion[],
  ) {
    // The same subject, kind or date recurs across thousands of rows: keep one copy of each
    // (fewer objects for the GC to trace, fewer for a read to touch).
    const seen = new Map<string, string>();
    const one = (text: string) => {
      const kept = seen.get(text);
      if (kept !== undefined) return kept;
      seen.set(text, text);
      return text;
    };
    // Parsed (and frozen) now rather than on first use: a lazily parsed version cost a read ~1.5 µs.
    // Short payloads recur (every open lifecycle, milestone statuses), so those are parsed once and shared;
    // long ones (ratings with their commentary and event id) are unique, and not worth a look-up.
    const parsed = new Map<string, unknown>();
    const parse = (text: string) => {
      if (text.length > SHARED_PAYLOAD_LENGTH) return deepFreeze(JSON.parse(text));
      let value = parsed.get(text);
      if (value === undefined) {
        value = deepFreeze(JSON.parse(text));
        parsed.set(text, value);
      }
      return value;
    };

    const rowValues = rows.map((row) => parse(row.payload));

    const groups = new Map<string, Group>();
    rows.forEach((row, index) => {
      const id = `${row.subject}\u0000${row.kind}\u0000${row.key}`;
      const group = groups.get(id);
      if (group) {
        group.rows.push(index);
        return;
      }
      const kind = factKindOf(row.kind);
      const key = one(row.key);
      groups.set(id, { subject: one(row.subject), kind, detailField: kind === FactKind.Detail ? detailFieldOf(key) : DetailField.Other, key, rows: [index] });
    });
    // Every version's place in effective order, found once with one sort of the keys: groups and reads then sort by number.
    const rankOfRow = new Int32Array(rows.length);
    rows
      .map((_, index) => index)
      .sort((a, b) => codeUnitOrder(rows[a].validKey, rows[b].validKey))
      .forEach((row, rank) => (rankOfRow[row] = rank));
    for (const group of groups.values()) group.rows.sort((a, b) => rankOfRow[a] - rankOfRow[b]);
    const subjects = inReadingOrder([...groups.values()], rowValues, rankOfRow);

    this.subjects = subjects.map(({ subject }) => subject);
    this.subjectEnds = new Int32Array(subjects.length);
    this.placedBy = new Int32Array(2 * subjects.length).fill(-1);
    this.groupKinds = new Uint8Array(groups.size);
    this.groupDetailFields = new Uint8Array(groups.size);
    this.groupKeys = new Array<string>(groups.size);
    this.groupEnds = new Int32Array(groups.size);
    this.companions = new Int32Array(2 * groups.size).fill(-1);
    this.payloads = new Array<unknown>(rows.length);
    this.validFroms = new Array<string>(rows.length);
    this.effectiveRanks = new Int32Array(rows.length);
    this.mergedEvidence = new Array<EvidenceSnapshot | undefined>(rows.length).fill(undefined);
    this.mergedMilestones = new Array<MilestoneSnapshot | undefined>(rows.length).fill(undefined);
    this.mergedWith = new Int32Array(rows.length).fill(-2);
    this.mergedAnd = new Int32Array(rows.length).fill(-2);
    this.validFrom = new Float64Array(rows.length);
    this.recordedAt = new Float64Array(rows.length);
    this.supersededAt = new Float64Array(rows.length);
    let g = 0;
    let slot = 0;
    subjects.forEach(({ groups: ofSubject }, s) => {
      for (const group of ofSubject) {
        this.groupKinds[g] = group.kind;
        this.groupDetailFields[g] = group.detailField;
        this.groupKeys[g] = group.key;
        if (group.detailField === DetailField.PriorityNumber) this.placedBy[2 * s] = g;
        if (group.detailField === DetailField.Reference) this.placedBy[2 * s + 1] = g;
        for (const index of group.rows) {
          const row = rows[index];
          this.payloads[slot] = rowValues[index];
          this.validFroms[slot] = one(row.validFrom);
          this.effectiveRanks[slot] = rankOfRow[index];
          this.validFrom[slot] = instant(row.validFrom);
          this.recordedAt[slot] = instant(row.recordedAt);
          this.supersededAt[slot] = row.supersededAt === null ? Infinity : instant(row.supersededAt);
          slot += 1;
        }
        this.groupEnds[g++] = slot;
      }
      this.subjectEnds[s] = g;
    });
    this.findCompanions();
  }

  /** Match each evidence item with its review and redaction, and each milestone with its status, by id within the action. */
  private findCompanions(): void {
    const { subjectEnds, groupKinds, groupKeys, companions } = this;
    let start = 0;
    for (const end of subjectEnds) {
      const byKindAndKey = new Map<string, number>();
      for (let g = start; g < end; g++) byKindAndKey.set(`${groupKinds[g]}:${groupKeys[g]}`, g);
      const find = (kind: number, key: string) => byKindAndKey.get(`${kind}:${key}`) ?? -1;
      for (let g = start; g < end; g++) {
        if (groupKinds[g] === FactKind.Evidence) {
          companions[2 * g] = find(FactKind.EvidenceReview, groupKeys[g]);
          companions[2 * g + 1] = find(FactKind.EvidenceRedaction, groupKeys[g]);
        } else if (groupKinds[g] === FactKind.Milestone) {
          companions[2 * g] = find(FactKind.MilestoneStatus, groupKeys[g]);
        }
      }
      start = end;
    }
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
    return priority >= 0 && reference >= 0 && slots[priority] === this.groupEnds[priority] - 1 && slots[reference] === this.groupEnds[reference] - 1;
  }

  get factCount(): number {
    return this.payloads.length;
  }

  /**
   * Per group, the version in force at (asOf, knownAt) — its slot in `payloads` — or -1 where
   * none is (not yet effective, not yet on record, or a kind in `leaveOut`, not even searched).
   */
  inForce(asOf: string, knownAt: string, leaveOut?: ReadonlySet<number>): Int32Array {
    const asOfMs = instant(asOf);
    const knownAtMs = instant(knownAt);
    const { groupEnds, groupKinds, validFrom, recordedAt, supersededAt } = this;
    const slots = new Int32Array(groupEnds.length).fill(-1);
    const skipped = new Uint8Array(FACT_KIND_COUNT);
    leaveOut?.forEach((kind) => (skipped[kind] = 1));
    let start = 0;
    for (let g = 0; g < groupEnds.length; g++) {
      const end = groupEnds[g];
      if (skipped[groupKinds[g]] === 1) {
        start = end;
        continue;
      }
      // The last version effective by asOf (validKey begins with validFrom, so the group is in validFrom order too)…
      let low = start;
      let high = end;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (validFrom[middle] <= asOfMs) low = middle + 1;
        else high = middle;
      }
      // …then back to the latest one that was on record at knownAt and not superseded by then.
      for (let i = low - 1; i >= start; i--) {
        if (recordedAt[i] <= knownAtMs && supersededAt[i] > knownAtMs) {
          slots[g] = i;
          break;
        }
      }
      start = end;
    }
    return slots;
  }
}
