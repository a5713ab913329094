import { PlanRatings } from '../plan-snapshot/plan-snapshot';
import { delayedCodes } from '../shared/report-codes';
import { ColumnHeading } from '../shared/two-dates';
import { PlanWords } from '../../domain/plan/plan-words';

export interface ActionChange {
  reference: string;
  ofstedReference?: string;
  title: string;
  previous: string;
  current: string;
}

export interface PriorityChanges {
  priority: number;
  title: string;
  /** Actions whose rating differs between the two dates. */
  changed: ActionChange[];
  /** Actions rated red or amber at the later date, with their earlier rating. */
  redOrAmber: ActionChange[];
}

export interface PreviousVsCurrent {
  planId: string;
  columns: [ColumnHeading, ColumnHeading];
  priorities: PriorityChanges[];
  /** What the plan calls its levels, for the tables' headings. */
  words?: PlanWords;
}

/** One row of those tables: every field named (ofstedReference left undefined when there is none, which JSON leaves out). */
const changeOf = (action: PlanRatings['actions'][number], previous: string): ActionChange => ({
  reference: action.reference,
  ofstedReference: action.ofstedReference || undefined,
  title: action.title,
  previous,
  current: action.displayCode,
});

/**
 * The seed's section 2 tables: per priority, what moved between the two dates, and what is
 * still red or amber. One pass over the actions, in plan order, into their priority's tables.
 */
export function previousVsCurrent(previous: PlanRatings, current: PlanRatings, labels: [string, string]): PreviousVsCurrent {
  const before = new Map(previous.actions.map((a) => [a.streamId, a.displayCode]));
  const redOrAmberCodes = delayedCodes(current.scale);
  const priorities = current.priorities.map((p): PriorityChanges => ({ priority: p.number, title: p.title, changed: [], redOrAmber: [] }));
  const byNumber = new Map(priorities.map((p) => [p.priority, p]));
  for (const action of current.actions) {
    // Only actions on the plan at both dates: new ones are reported as additions, not changes.
    const previousCode = before.get(action.streamId);
    if (action.status === 'withdrawn' || previousCode === undefined) continue;
    const tables = byNumber.get(action.priorityNumber);
    if (!tables) continue;
    if (previousCode !== action.displayCode) tables.changed.push(changeOf(action, previousCode));
    if (redOrAmberCodes.has(action.displayCode)) tables.redOrAmber.push(changeOf(action, previousCode));
  }
  return {
    planId: current.planId,
    columns: [
      { label: labels[0], asOf: previous.asOf, knownAt: previous.knownAt },
      { label: labels[1], asOf: current.asOf, knownAt: current.knownAt },
    ],
    priorities,
    words: current.words,
  };
}
