import { codeUnitOrder } from '../../code-unit-order';
import { compareReferences } from '../plan-snapshot/plan-snapshot';
import { DetailField } from './fact-kinds';

/* What a plan's timeline needs while it is loaded from plan_facts: nothing here runs on a read. */

/** Freeze a parsed payload all the way down: snapshots share it, so nothing may change it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** An instant as milliseconds; the clocks and the facts are ISO 8601 instants, so this keeps their order. */
export function instant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`"${text}" is not an instant`);
  return ms;
}

/** Payload texts up to this length are parsed once per plan and the value shared (see the constructor). */
export const SHARED_PAYLOAD_LENGTH = 40;

export interface Group {
  subject: string;
  /** A FactKind, and for an action's detail which field it is (a DetailField; 0 otherwise). */
  kind: number;
  detailField: number;
  key: string;
  /** Row indices, in effective order once sorted. */
  rows: number[];
}

/**
 * Each subject with its groups, in the order the timeline holds them. Actions come in
 * the order the plan prints them (priority, then reference, as last recorded), so sorting
 * a snapshot's actions finds them already in order; the plan's own stream, with no such
 * details, comes first. Within a subject, groups go by kind and then by first effective
 * date, so an action's evidence and milestones also come out nearly in order.
 */
export function inReadingOrder(groups: Group[], rowValues: unknown[], rankOfRow: Int32Array): { subject: string; groups: Group[] }[] {
  const bySubject = new Map<string, Group[]>();
  for (const group of groups) {
    const list = bySubject.get(group.subject);
    if (list) list.push(group);
    else bySubject.set(group.subject, [group]);
  }
  const latest = (list: Group[], field: number): unknown => {
    const group = list.find((g) => g.detailField === field);
    return group ? rowValues[group.rows[group.rows.length - 1]] : undefined;
  };
  const printed = [...bySubject].map(([subject, list]) => ({ subject, groups: list, priority: latest(list, DetailField.PriorityNumber), reference: latest(list, DetailField.Reference) }));
  const rank = (p: (typeof printed)[number]) => (typeof p.priority === 'number' ? p.priority : -Infinity);
  printed.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (typeof a.reference === 'string' && typeof b.reference === 'string' ? compareReferences(a.reference, b.reference) : 0) ||
      codeUnitOrder(a.subject, b.subject),
  );
  for (const { groups: list } of printed) list.sort((a, b) => a.kind - b.kind || rankOfRow[a.rows[0]] - rankOfRow[b.rows[0]]);
  return printed;
}
