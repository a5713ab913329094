import { FactInForce } from './snapshot-from-facts';
import { codeUnitOrder } from '../../code-unit-order';

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

/** Freeze a parsed payload all the way down: snapshots share it, so nothing may change it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** An instant as milliseconds; the clocks and the facts are ISO 8601 instants, so this keeps their order. */
function instant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`"${text}" is not an instant`);
  return ms;
}

/**
 * A plan's facts in memory, grouped by (subject, kind, key), each group in
 * effective order (validKey). "The plan as at (asOf, knownAt)" is, per group, the
 * latest version effective by asOf that was on record at knownAt and not yet
 * superseded — the same rule as the SQL over plan_facts, answered by a binary
 * search per group instead of a scan of every fact the plan ever had.
 *
 * The search runs over typed arrays of instants, one slot per version with each
 * group's versions side by side, not over the version objects: a server holds a
 * million versions scattered over the heap, and chasing them cost six times as much
 * for a plan not read lately as for one just read (0.34 against 0.05 ms per plan).
 * Only the versions in force are touched as objects.
 */
export class PlanTimeline {
  /** Every version, group after group, each group in effective order; its clocks are in the arrays below. */
  private readonly versions: FactInForce[];
  /** Where each group ends in `versions` (it starts where the previous one ends). */
  private readonly groupEnds: Int32Array;
  private readonly validFrom: Float64Array;
  private readonly recordedAt: Float64Array;
  /** +Infinity for a version never superseded. */
  private readonly supersededAt: Float64Array;
  /** Each group's kind, as an index into `kinds`, so a reader can pass over kinds it does not need without touching a version. */
  private readonly groupKinds: Uint8Array;
  private readonly kinds: string[] = [];

  constructor(
    readonly planId: string,
    rows: FactVersion[],
  ) {
    // The same subject, kind or date recurs across thousands of rows, so keep one copy of each
    // (fewer objects for the GC to trace).
    const seen = new Map<string, string>();
    const one = (text: string) => {
      const kept = seen.get(text);
      if (kept !== undefined) return kept;
      seen.set(text, text);
      return text;
    };
    const byKey = new Map<string, { fact: FactInForce; row: FactVersion }[]>();
    for (const row of rows) {
      // A fresh object of one shape (value included from the start), whatever way the row arrived.
      const fact: FactInForce = {
        subject: one(row.subject),
        kind: one(row.kind),
        key: one(row.key),
        // Parsed (and frozen) now rather than on first use: a lazily parsed version cost a read
        // ~1.5 µs the first time it came into force, and the text is let go.
        payload: '',
        validFrom: one(row.validFrom),
        validKey: row.validKey,
        value: deepFreeze(JSON.parse(row.payload)),
        merged: undefined,
      };
      const id = `${fact.subject}\u0000${fact.kind}\u0000${fact.key}`;
      const group = byKey.get(id);
      if (group) group.push({ fact, row });
      else byKey.set(id, [{ fact, row }]);
    }
    this.versions = new Array<FactInForce>(rows.length);
    this.groupEnds = new Int32Array(byKey.size);
    this.groupKinds = new Uint8Array(byKey.size);
    this.validFrom = new Float64Array(rows.length);
    this.recordedAt = new Float64Array(rows.length);
    this.supersededAt = new Float64Array(rows.length);
    let slot = 0;
    let g = 0;
    // Groups of the same subject side by side: an action's facts in force then come out together.
    const bySubject = (a: { fact: FactInForce }[], b: { fact: FactInForce }[]) => codeUnitOrder(a[0].fact.subject, b[0].fact.subject);
    for (const group of [...byKey.values()].sort(bySubject)) {
      group.sort((a, b) => codeUnitOrder(a.row.validKey, b.row.validKey));
      for (const { fact, row } of group) {
        this.versions[slot] = fact;
        this.validFrom[slot] = instant(row.validFrom);
        this.recordedAt[slot] = instant(row.recordedAt);
        this.supersededAt[slot] = row.supersededAt === null ? Infinity : instant(row.supersededAt);
        slot += 1;
      }
      const kindName = group[0].fact.kind;
      let kind = this.kinds.indexOf(kindName);
      if (kind < 0) kind = this.kinds.push(kindName) - 1;
      this.groupKinds[g] = kind;
      this.groupEnds[g++] = slot;
    }
  }

  get factCount(): number {
    return this.versions.length;
  }

  /** The facts in force at (asOf, knownAt); with `leaveOut`, none of those kinds. */
  factsInForce(asOf: string, knownAt: string, leaveOut?: ReadonlySet<string>): FactInForce[] {
    const asOfMs = instant(asOf);
    const knownAtMs = instant(knownAt);
    const { versions, groupEnds, groupKinds, validFrom, recordedAt, supersededAt } = this;
    const skipped = this.kinds.map((kind) => leaveOut?.has(kind) ?? false);
    const inForce: FactInForce[] = [];
    let start = 0;
    for (let g = 0; g < groupEnds.length; g++) {
      const end = groupEnds[g];
      if (skipped[groupKinds[g]]) {
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
          // The version itself, parsed when loaded: no copy, no parse per read.
          inForce.push(versions[i]);
          break;
        }
      }
      start = end;
    }
    return inForce;
  }
}
