import { FactInForce } from './snapshot-from-facts';

/** One version of one (subject, kind, key): a row of plan_facts. */
export interface FactVersion {
  subject: string;
  kind: string;
  key: string;
  payload: string;
  validFrom: string;
  validKey: string;
  recordedAt: string;
  supersededAt: string | null;
  /** The payload, parsed (and frozen) the first time this version is in force for a reader. */
  value?: unknown;
}

/** Freeze a parsed payload all the way down: snapshots share it, so nothing may change it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A plan's facts in memory, grouped by (subject, kind, key), each group in
 * effective order (validKey). "The plan as at (asOf, knownAt)" is, per group, the
 * latest version effective by asOf that was on record at knownAt and not yet
 * superseded — the same rule as the SQL over plan_facts, answered by a binary
 * search per group instead of a scan of every fact the plan ever had.
 */
export class PlanTimeline {
  private readonly groups: FactVersion[][];

  constructor(
    readonly planId: string,
    rows: FactVersion[],
  ) {
    // A server may hold a million of these: the same subject, kind, date or recording instant
    // recurs across thousands of rows, so keep one copy of each (fewer objects for the GC to trace).
    const seen = new Map<string, string>();
    const one = (text: string) => {
      const kept = seen.get(text);
      if (kept !== undefined) return kept;
      seen.set(text, text);
      return text;
    };
    const byKey = new Map<string, FactVersion[]>();
    for (const row of rows) {
      // A fresh object of one shape (value included from the start): the read loop then touches a
      // single hidden class, not one per way a row arrived.
      const version: FactVersion = {
        subject: one(row.subject),
        kind: one(row.kind),
        key: one(row.key),
        payload: row.payload,
        validFrom: one(row.validFrom),
        validKey: row.validKey,
        recordedAt: one(row.recordedAt),
        supersededAt: row.supersededAt === null ? null : one(row.supersededAt),
        value: undefined,
      };
      const id = `${version.subject}\u0000${version.kind}\u0000${version.key}`;
      const group = byKey.get(id);
      if (group) group.push(version);
      else byKey.set(id, [version]);
    }
    this.groups = [...byKey.values()];
    for (const group of this.groups) group.sort((a, b) => (a.validKey < b.validKey ? -1 : a.validKey > b.validKey ? 1 : 0));
  }

  get factCount(): number {
    return this.groups.reduce((sum, group) => sum + group.length, 0);
  }

  factsInForce(asOf: string, knownAt: string): FactInForce[] {
    const inForce: FactInForce[] = [];
    for (const group of this.groups) {
      // The last version effective by asOf (validKey begins with validFrom, so the group is in validFrom order too)…
      let low = 0;
      let high = group.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (group[middle].validFrom <= asOf) low = middle + 1;
        else high = middle;
      }
      // …then back to the latest one that was on record at knownAt and not superseded by then.
      for (let i = low - 1; i >= 0; i--) {
        const version = group[i];
        if (version.recordedAt <= knownAt && (version.supersededAt === null || version.supersededAt > knownAt)) {
          // The version itself, its payload parsed once: no copy per read.
          if (version.value === undefined) version.value = deepFreeze(JSON.parse(version.payload));
          inForce.push(version);
          break;
        }
      }
    }
    return inForce;
  }
}
