import { codeUnitOrder } from '../../code-unit-order';
import { compareReferences, EvidenceSnapshot, MilestoneSnapshot } from '../plan-snapshot/plan-snapshot';
import { DetailField, detailFieldOf, FACT_KIND_COUNT, FactKind, factKindOf } from './fact-kinds';
import { deepFreeze, effectivePositionOf, instant, SHARED_PAYLOAD_LENGTH } from './timeline-loading';

/**
 * Groups are counted in blocks of this many, each block with the earliest instant any of its
 * versions takes effect: a read at an earlier date skips the block whole (see `inForce`).
 */
export const GROUP_BLOCK = 8;
const BLOCK_SHIFT = 3;

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
 * Two numberings, for two purposes:
 * - **Slots** number the versions themselves (their payloads, effective dates and the
 *   merged items kept for the next read) and never change once given, so nothing a read
 *   kept by slot goes stale when a fact is added.
 * - **Places** hold each group's versions side by side, in effective order, in typed arrays
 *   (effective and recorded instants, supersession, slot): a read's binary search runs over
 *   one contiguous range of numbers per group and touches no object. A group is given room
 *   to grow; a group that is full moves to the end with twice the room (`makeRoom`).
 *
 * A plan loaded whole (`load`) is numbered for reading: subjects in the order the plan
 * prints them, each subject's groups together (by kind, then first effective date), each
 * group's versions in effective order, and slots in that same order, so a read walks
 * memory forward. Facts written later are taken where they belong (`add`): a new version
 * goes into its group at its place in effective order, a backdated one before the versions
 * effective after it, a correction's replacement beside the version it supersedes. What
 * that costs depends on the facts added and the size of their group, never on the plan's
 * whole history, so a read after a write does not reload the plan. Neither yields, so no
 * read sees a timeline with half a batch in it.
 *
 * These arrays are the timeline's inside: the rest of the code reads a plan at a date
 * through FactsInForce, which hands each fact back as the record of its kind
 * (fact-records.ts) — a rating, an evidence item and its review — never as a slot.
 */
export class PlanTimeline {
  /** Each subject (the plan's stream, each action's stream) once. */
  readonly subjects: string[] = [];
  /** Per subject, its groups. */
  private readonly groupsBySubject: number[][] = [];
  /**
   * Per subject, per block of GROUP_BLOCK of its groups (as `groupsOf` lists them), the earliest
   * instant any of their versions takes effect (+Infinity while a block has none): a read at an
   * earlier date finds nothing in force there and skips them (see `mayHoldBlock`).
   */
  private readonly subjectBlockFrom: number[][] = [];
  /** Per group, its subject and its index among the subject's groups: to lower its blocks' earliest instant when a version comes in. */
  private groupSubject = new Int32Array(0);
  private groupIndexInSubject = new Int32Array(0);
  /** Per block of GROUP_BLOCK groups (by number), the earliest instant any of their versions takes effect (+Infinity: none). */
  private blockFrom = new Float64Array(0);
  /** The subjects in the order the plan prints them (see `placeSubjects`). */
  private printed: number[] = [];
  /** Per subject, the groups of the details it is placed in printed order by: [2s] its priority number, [2s + 1] its reference (-1 for none). */
  private readonly placedBy: number[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly subjectIds = new Map<string, number>();

  /** How many groups, and how many versions (slots), are held; the arrays below may be longer (room to grow). */
  private groups = 0;
  private slotCount = 0;
  /** Per group: its kind (FactKind), its key, and for an action's detail which field it is (a DetailField). */
  groupKinds = new Uint8Array(0);
  readonly groupKeys: string[] = [];
  groupDetailFields = new Uint8Array(0);
  /**
   * Per group of an evidence item or a milestone, the groups that complete it, or -1:
   * [2g] its review (or the milestone's status), [2g + 1] its redaction. Matched as the
   * groups appear, so a read does not match them up by id.
   */
  companions = new Int32Array(0);
  /** Per group: where its versions start among the places, how many it has, and room for how many. */
  private groupStart = new Int32Array(0);
  private groupLength = new Int32Array(0);
  private groupRoom = new Int32Array(0);

  /** Per place: the version's effective instant and the position its validKey carries, when it was recorded, when superseded (+Infinity: never), and its slot. */
  private placeValidFrom = new Float64Array(0);
  private placeEffectivePosition = new Float64Array(0);
  private placeRecordedAt = new Float64Array(0);
  private placeSupersededAt = new Float64Array(0);
  private placeSlot = new Int32Array(0);
  /** Places given out so far (to groups, with their room). */
  private placesUsed = 0;

  /** Per slot: its parsed (frozen) payload, of the type fact-records.ts gives its group's kind, and its effective date. */
  readonly payloads: unknown[] = [];
  readonly validFroms: string[] = [];
  /**
   * Per slot of an evidence item or milestone: the item as a read last merged it with
   * the versions that complete it, and which those were (-1 for none, -2 before the first
   * read), kept for the next read that finds the same versions in force (see FactsInForce's
   * `mergedEvidence`).
   */
  readonly mergedEvidence: (EvidenceSnapshot | undefined)[] = [];
  readonly mergedMilestones: (MilestoneSnapshot | undefined)[] = [];
  mergedWith = new Int32Array(0);
  mergedAnd = new Int32Array(0);
  /** Per slot, its place in effective order (as placeValidFrom and placeEffectivePosition), to sort by slot. */
  private slotValidFrom = new Float64Array(0);
  private slotEffectivePosition = new Float64Array(0);

  /** The same subject, key or date recurs across thousands of rows: one copy of each (fewer objects for the GC to trace). */
  private readonly strings = new Map<string, string>();
  /** Short payloads recur (every open lifecycle, milestone statuses): parsed once and shared. */
  private readonly shortPayloads = new Map<string, unknown>();

  constructor(
    readonly planId: string,
    rows: FactVersion[],
  ) {
    this.load(rows);
  }

  get factCount(): number {
    return this.slotCount;
  }

  get groupCount(): number {
    return this.groups;
  }

  /**
   * The whole plan at once, numbered for reading (see the class comment): the rows are
   * grouped and each group sorted once, then laid out subject by subject, with no search
   * and no move per row. Each group's versions end up as `add` would leave them.
   */
  private load(rows: FactVersion[]): void {
    const n = rows.length;
    // Instants recur (an import's board dates, a batch's recording instant): each text parsed once.
    const instants = new Map<string, number>();
    const instantOf = (text: string) => {
      let ms = instants.get(text);
      if (ms === undefined) instants.set(text, (ms = instant(text)));
      return ms;
    };
    const rowValidFrom = new Float64Array(n);
    const rowEffectivePosition = new Float64Array(n);
    // Provisional groups, in the order first seen: (subject, kind, key) and their rows.
    const byId = new Map<string, number>();
    const provisional: { subject: string; kind: string; key: string; rows: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      rowValidFrom[i] = instantOf(row.validFrom);
      rowEffectivePosition[i] = effectivePositionOf(row.validKey);
      const id = `${row.subject}\u0000${row.kind}\u0000${row.key}`;
      const known = byId.get(id);
      if (known !== undefined) provisional[known].rows.push(i);
      else {
        byId.set(id, provisional.length);
        provisional.push({ subject: row.subject, kind: row.kind, key: row.key, rows: [i] });
      }
    }
    // Each group in effective order; a correction's replacement after the version it replaces (a later position).
    const effective = (a: number, b: number) => rowValidFrom[a] - rowValidFrom[b] || rowEffectivePosition[a] - rowEffectivePosition[b] || rows[a].position - rows[b].position;
    for (const group of provisional) if (group.rows.length > 1) group.rows.sort(effective);

    // Subjects in printed order, by the latest priority number and reference of each.
    const bySubject = new Map<string, { subject: string; groups: typeof provisional; priority: unknown; reference: unknown }>();
    for (const group of provisional) {
      let subject = bySubject.get(group.subject);
      if (!subject) bySubject.set(group.subject, (subject = { subject: group.subject, groups: [], priority: undefined, reference: undefined }));
      subject.groups.push(group);
      if (group.kind === 'detail') {
        const field = detailFieldOf(group.key);
        const latest = () => this.parse(rows[group.rows[group.rows.length - 1]].payload);
        if (field === DetailField.PriorityNumber) subject.priority = latest();
        if (field === DetailField.Reference) subject.reference = latest();
      }
    }
    const subjects = printedOrder([...bySubject.values()]);

    this.ensureGroups(provisional.length);
    this.ensureSlots(n);
    this.ensurePlaces(n);
    const dates = new Map<string, string>();
    for (const { subject, groups } of subjects) {
      const s = this.subjectOf(subject);
      // Within a subject, by kind and then first effective date: an action's evidence and milestones come out nearly in order.
      groups.sort((a, b) => factKindOf(a.kind) - factKindOf(b.kind) || effective(a.rows[0], b.rows[0]));
      for (const { kind, key, rows: versions } of groups) {
        const group = this.newGroup(`${subject}\u0000${kind}\u0000${key}`, s, factKindOf(kind), this.one(key), 0);
        const rating = this.groupKinds[group] === FactKind.Rating;
        const start = this.placesUsed;
        this.groupStart[group] = start;
        this.groupLength[group] = versions.length;
        this.groupRoom[group] = versions.length;
        this.placesUsed += versions.length;
        for (let v = 0; v < versions.length; v++) {
          const index = versions[v];
          const row = rows[index];
          const slot = this.newSlot(row, rowValidFrom[index], rowEffectivePosition[index], dates);
          const place = start + v;
          this.placeValidFrom[place] = rowValidFrom[index];
          this.placeEffectivePosition[place] = rowEffectivePosition[index];
          this.placeRecordedAt[place] = instantOf(row.recordedAt);
          this.placeSlot[place] = slot;
          this.placeSupersededAt[place] = Infinity;
          // A rating at the same place as the one before it replaces it (a correction): superseded when the replacement was recorded.
          if (rating && v > 0 && this.placeValidFrom[place - 1] === this.placeValidFrom[place] && this.placeEffectivePosition[place - 1] === this.placeEffectivePosition[place]) {
            this.placeSupersededAt[place - 1] = this.placeRecordedAt[place];
          }
        }
        // In effective order, so its first version is its earliest.
        this.takesEffect(group, this.placeValidFrom[start]);
      }
    }
    this.placeSubjects();
  }

  /**
   * Take facts written after those already held, each into its group at its place in
   * effective order. Within the batch they are taken in effective order, so a replacement
   * comes after the version it replaces.
   */
  add(rows: FactVersion[]): void {
    const order = rows.map((_, index) => index).sort((a, b) => codeUnitOrder(rows[a].validKey, rows[b].validKey) || rows[a].position - rows[b].position);
    // Effective dates recur within a batch: one copy of each, for this batch only (a new fact's date is its own).
    const dates = new Map<string, string>();
    let moved = false;
    for (const index of order) moved = this.place(rows[index], dates) || moved;
    if (moved) this.placeSubjects();
  }

  /** One version into its group; whether it may move its subject in printed order. */
  private place(row: FactVersion, dates: Map<string, string>): boolean {
    let moved = !this.subjectIds.has(row.subject);
    const subject = this.subjectOf(row.subject);
    const id = `${row.subject}\u0000${row.kind}\u0000${row.key}`;
    let group = this.groupIds.get(id);
    if (group === undefined) {
      this.ensureGroups(this.groups + 1);
      group = this.newGroup(id, subject, factKindOf(row.kind), this.one(row.key), 0);
    }
    const validFrom = instant(row.validFrom);
    const effectivePosition = effectivePositionOf(row.validKey);
    const recordedAt = instant(row.recordedAt);
    this.ensureSlots(this.slotCount + 1);
    const slot = this.newSlot(row, validFrom, effectivePosition, dates);

    // After every version effective before it or at the same place (binary search): at the end, unless backdated.
    this.makeRoom(group);
    const start = this.groupStart[group];
    const length = this.groupLength[group];
    const after = (place: number) => this.placeValidFrom[place] - validFrom || this.placeEffectivePosition[place] - effectivePosition;
    // Most facts come after every version of their group (a fact effective now): no search.
    let low = length === 0 || after(start + length - 1) <= 0 ? length : 0;
    let high = length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (after(start + middle) <= 0) low = middle + 1;
      else high = middle;
    }
    // A rating at the same place as one held is a correction's replacement: the version it
    // replaces is superseded when the replacement was recorded (plan-facts.projection.ts does the same in plan_facts).
    if (this.groupKinds[group] === FactKind.Rating) {
      for (let i = start + low - 1; i >= start && after(i) === 0; i--) {
        if (this.placeSupersededAt[i] === Infinity) this.placeSupersededAt[i] = recordedAt;
      }
    }
    const at = start + low;
    if (low < length) {
      const end = start + length;
      this.placeValidFrom.copyWithin(at + 1, at, end);
      this.placeEffectivePosition.copyWithin(at + 1, at, end);
      this.placeRecordedAt.copyWithin(at + 1, at, end);
      this.placeSupersededAt.copyWithin(at + 1, at, end);
      this.placeSlot.copyWithin(at + 1, at, end);
    }
    this.placeValidFrom[at] = validFrom;
    this.placeEffectivePosition[at] = effectivePosition;
    this.placeRecordedAt[at] = recordedAt;
    this.placeSupersededAt[at] = Infinity;
    this.placeSlot[at] = slot;
    this.groupLength[group] = length + 1;
    this.takesEffect(group, validFrom);
    const field = this.groupDetailFields[group];
    if (low === length && (field === DetailField.PriorityNumber || field === DetailField.Reference)) moved = true;
    return moved;
  }

  /** Room in the group for one more version: a full group moves to the end of the places with twice the room (what it costs is the group's size). */
  private makeRoom(group: number): void {
    const length = this.groupLength[group];
    if (length < this.groupRoom[group]) return;
    const room = Math.max(4, 2 * length);
    const from = this.groupStart[group];
    const to = this.placesUsed;
    this.ensurePlaces(to + room);
    this.placeValidFrom.copyWithin(to, from, from + length);
    this.placeEffectivePosition.copyWithin(to, from, from + length);
    this.placeRecordedAt.copyWithin(to, from, from + length);
    this.placeSupersededAt.copyWithin(to, from, from + length);
    this.placeSlot.copyWithin(to, from, from + length);
    this.groupStart[group] = to;
    this.groupRoom[group] = room;
    this.placesUsed = to + room;
  }

  private subjectOf(name: string): number {
    let subject = this.subjectIds.get(name);
    if (subject === undefined) {
      subject = this.subjects.length;
      this.subjects.push(this.one(name));
      this.subjectIds.set(name, subject);
      this.groupsBySubject.push([]);
      this.subjectBlockFrom.push([]);
      this.placedBy.push(-1, -1);
    }
    return subject;
  }

  /** A version of the group takes effect at this instant: its blocks' earliest instant comes down to it if later. */
  private takesEffect(group: number, validFrom: number): void {
    const block = group >> BLOCK_SHIFT;
    if (validFrom < this.blockFrom[block]) this.blockFrom[block] = validFrom;
    const blocks = this.subjectBlockFrom[this.groupSubject[group]];
    const own = this.groupIndexInSubject[group] >> BLOCK_SHIFT;
    if (validFrom < blocks[own]) blocks[own] = validFrom;
  }

  /** A new version's slot, with what a read needs of it by slot. */
  private newSlot(row: FactVersion, validFrom: number, effectivePosition: number, dates: Map<string, string>): number {
    const slot = this.slotCount++;
    // Parsed (and frozen) now rather than on first use: a lazily parsed version cost a read ~1.5 µs.
    this.payloads.push(this.parse(row.payload));
    let date = dates.get(row.validFrom);
    if (date === undefined) dates.set(row.validFrom, (date = row.validFrom));
    this.validFroms.push(date);
    this.mergedEvidence.push(undefined);
    this.mergedMilestones.push(undefined);
    this.mergedWith[slot] = -2;
    this.mergedAnd[slot] = -2;
    this.slotValidFrom[slot] = validFrom;
    this.slotEffectivePosition[slot] = effectivePosition;
    return slot;
  }

  /** A new group with no versions yet (its places are given by the caller, or by `makeRoom` on its first version). */
  private newGroup(id: string, subject: number, kind: number, key: string, room: number): number {
    const group = this.groups++;
    const detailField = kind === FactKind.Detail ? detailFieldOf(key) : DetailField.Other;
    const subjectName = this.subjects[subject];
    this.groupIds.set(id, group);
    this.groupKinds[group] = kind;
    this.groupKeys.push(key);
    this.groupDetailFields[group] = detailField;
    this.companions[2 * group] = -1;
    this.companions[2 * group + 1] = -1;
    this.groupStart[group] = this.placesUsed;
    this.groupLength[group] = 0;
    this.groupRoom[group] = room;
    this.groupSubject[group] = subject;
    this.groupIndexInSubject[group] = this.groupsBySubject[subject].length;
    // A new block starts with no version: +Infinity until one comes in.
    if ((this.groupIndexInSubject[group] & (GROUP_BLOCK - 1)) === 0) this.subjectBlockFrom[subject].push(Infinity);
    this.groupsBySubject[subject].push(group);
    if (detailField === DetailField.PriorityNumber) this.placedBy[2 * subject] = group;
    if (detailField === DetailField.Reference) this.placedBy[2 * subject + 1] = group;
    // Match an evidence item with its review and redaction, and a milestone with its status, whichever comes first.
    const find = (k: number) => this.groupIds.get(`${subjectName}\u0000${KIND_NAME_OF[k]}\u0000${key}`) ?? -1;
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

  /** Room for `count` groups in the per-group arrays (doubling, so adding groups one by one costs little). */
  private ensureGroups(count: number): void {
    if (count <= this.groupKinds.length) return;
    const size = Math.max(count, 2 * this.groupKinds.length);
    this.groupKinds = grown(this.groupKinds, size);
    this.groupDetailFields = grown(this.groupDetailFields, size);
    this.companions = grown(this.companions, 2 * size);
    this.groupStart = grown(this.groupStart, size);
    this.groupLength = grown(this.groupLength, size);
    this.groupRoom = grown(this.groupRoom, size);
    this.groupSubject = grown(this.groupSubject, size);
    this.groupIndexInSubject = grown(this.groupIndexInSubject, size);
    const blocks = (size + GROUP_BLOCK - 1) >> BLOCK_SHIFT;
    if (blocks > this.blockFrom.length) {
      const before = this.blockFrom.length;
      this.blockFrom = grown(this.blockFrom, blocks);
      this.blockFrom.fill(Infinity, before);
    }
  }

  private ensureSlots(count: number): void {
    if (count <= this.slotValidFrom.length) return;
    const size = Math.max(count, 2 * this.slotValidFrom.length);
    this.mergedWith = grown(this.mergedWith, size);
    this.mergedAnd = grown(this.mergedAnd, size);
    this.slotValidFrom = grown(this.slotValidFrom, size);
    this.slotEffectivePosition = grown(this.slotEffectivePosition, size);
  }

  private ensurePlaces(count: number): void {
    if (count <= this.placeSlot.length) return;
    const size = Math.max(count, 2 * this.placeSlot.length);
    this.placeValidFrom = grown(this.placeValidFrom, size);
    this.placeEffectivePosition = grown(this.placeEffectivePosition, size);
    this.placeRecordedAt = grown(this.placeRecordedAt, size);
    this.placeSupersededAt = grown(this.placeSupersededAt, size);
    this.placeSlot = grown(this.placeSlot, size);
  }

  /** The group's latest version in effective order (its slot), or -1. */
  private latestOf(group: number): number {
    const length = this.groupLength[group];
    return length === 0 ? -1 : this.placeSlot[this.groupStart[group] + length - 1];
  }

  /**
   * Actions in the order the plan prints them (priority, then reference, as last recorded
   * in effective order), so a snapshot's actions come out already in order and need no
   * sort; the plan's own stream, with no such details, first. Redone only when a subject
   * appears or its latest priority or reference changes: a sort of the plan's actions, not its facts.
   */
  private placeSubjects(): void {
    const latest = (group: number): unknown => (group < 0 ? undefined : this.payloads[this.latestOf(group)]);
    this.printed = printedOrder(this.subjects.map((subject, s) => ({ s, subject, priority: latest(this.placedBy[2 * s]), reference: latest(this.placedBy[2 * s + 1]) }))).map((p) => p.s);
  }

  /** The subjects in printed order (see `placeSubjects`). */
  get inPrintedOrder(): readonly number[] {
    return this.printed;
  }

  /** The subject's groups. */
  groupsOf(subject: number): readonly number[] {
    return this.groupsBySubject[subject];
  }

  /**
   * Whether any of the subject's groups from `first` (a multiple of GROUP_BLOCK, an index into
   * `groupsOf`) to the GROUP_BLOCK - 1 after it has a version effective by asOf (an instant in
   * ms): when not, none of them has anything in force then, and a read need not look at them.
   * Evidence submitted today is a new group each; a read of the plan at an earlier date steps
   * over them by the block, so it costs the same however many were added since.
   */
  mayHoldBlock(subject: number, first: number, asOfMs: number): boolean {
    return this.subjectBlockFrom[subject][first >> BLOCK_SHIFT] <= asOfMs;
  }

  /** Two versions (slots) in effective order (validKey order: the effective instant, then the position it carries). */
  compareEffective(a: number, b: number): number {
    return this.slotValidFrom[a] - this.slotValidFrom[b] || this.slotEffectivePosition[a] - this.slotEffectivePosition[b];
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
    return slots[priority] === this.latestOf(priority) && slots[reference] === this.latestOf(reference);
  }

  /**
   * Per group, the version in force at (asOf, knownAt) — its slot in `payloads` — or -1 where
   * none is (not yet effective, not yet on record, or a kind in `leaveOut`, not even searched).
   */
  inForce(asOf: string, knownAt: string, leaveOut?: ReadonlySet<number>): Int32Array {
    const asOfMs = instant(asOf);
    const knownAtMs = instant(knownAt);
    const { groupKinds, groupStart, groupLength, placeValidFrom, placeRecordedAt, placeSupersededAt, placeSlot, blockFrom } = this;
    const groups = this.groups;
    const slots = new Int32Array(groups).fill(-1);
    const skipped = new Uint8Array(FACT_KIND_COUNT);
    leaveOut?.forEach((kind) => (skipped[kind] = 1));
    for (let g = 0; g < groups; g++) {
      // A block of groups none of which takes effect by asOf (the evidence items submitted since, at an earlier date): stepped over whole.
      if ((g & (GROUP_BLOCK - 1)) === 0 && blockFrom[g >> BLOCK_SHIFT] > asOfMs) {
        g += GROUP_BLOCK - 1;
        continue;
      }
      if (skipped[groupKinds[g]] === 1) continue;
      const start = groupStart[g];
      // The last version effective by asOf (validKey begins with validFrom, so the group is in validFrom order too)…
      let low = start;
      let high = start + groupLength[g];
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (placeValidFrom[middle] <= asOfMs) low = middle + 1;
        else high = middle;
      }
      // …then back to the latest one that was on record at knownAt and not superseded by then.
      for (let i = low - 1; i >= start; i--) {
        if (placeRecordedAt[i] <= knownAtMs && placeSupersededAt[i] > knownAtMs) {
          slots[g] = placeSlot[i];
          break;
        }
      }
    }
    return slots;
  }

  /**
   * The payload of the version in force at (asOf, knownAt) in one group, named by its subject,
   * kind and key (undefined if there is no such group or nothing of it is in force): the rule
   * of `inForce`, for a read that needs a few groups (the plan's words for an action's history)
   * rather than the whole plan.
   */
  payloadInForce(subject: string, kind: string, key: string, asOf: string, knownAt: string): unknown {
    const group = this.groupIds.get(`${subject}\u0000${kind}\u0000${key}`);
    if (group === undefined) return undefined;
    const asOfMs = instant(asOf);
    const knownAtMs = instant(knownAt);
    const start = this.groupStart[group];
    let low = start;
    let high = start + this.groupLength[group];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.placeValidFrom[middle] <= asOfMs) low = middle + 1;
      else high = middle;
    }
    for (let i = low - 1; i >= start; i--) {
      if (this.placeRecordedAt[i] <= knownAtMs && this.placeSupersededAt[i] > knownAtMs) return this.payloads[this.placeSlot[i]];
    }
    return undefined;
  }

  /**
   * The effective date of the group's earliest version on record at knownAt and not superseded
   * by then (undefined if none): when the plan took effect, as known at knownAt, for its
   * 'plan' group.
   */
  firstEffectiveFrom(subject: string, kind: string, key: string, knownAt: string): string | undefined {
    const group = this.groupIds.get(`${subject}\u0000${kind}\u0000${key}`);
    if (group === undefined) return undefined;
    const knownAtMs = instant(knownAt);
    const start = this.groupStart[group];
    for (let i = start; i < start + this.groupLength[group]; i++) {
      if (this.placeRecordedAt[i] <= knownAtMs && this.placeSupersededAt[i] > knownAtMs) return this.validFroms[this.placeSlot[i]];
    }
    return undefined;
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

/** A typed array with room for `size`, what it held copied in (a new one only when it must grow). */
function grown<A extends Float64Array | Int32Array | Uint8Array>(array: A, size: number): A {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (length: number) => A)(size);
  next.set(array);
  return next;
}

/**
 * Subjects in the order the plan prints them: by priority number, then reference (as last
 * recorded), then stream id; the plan's own stream, with neither, first.
 */
function printedOrder<P extends { subject: string; priority: unknown; reference: unknown }>(placed: P[]): P[] {
  const rank = (p: P) => (typeof p.priority === 'number' ? p.priority : -Infinity);
  return placed.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (typeof a.reference === 'string' && typeof b.reference === 'string' ? compareReferences(a.reference, b.reference) : 0) ||
      codeUnitOrder(a.subject, b.subject),
  );
}

/** The stored name of the kinds that complete one another, to find a group by its id. */
const KIND_NAME_OF: Record<number, string> = {
  [FactKind.Evidence]: 'evidence',
  [FactKind.EvidenceReview]: 'evidence-review',
  [FactKind.EvidenceRedaction]: 'evidence-redaction',
  [FactKind.Milestone]: 'milestone',
  [FactKind.MilestoneStatus]: 'milestone-status',
};

