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
  /** For the optional columns of the board's tables: who leads it, when it is due, the commentary with the rating in force. */
  lead?: string;
  dueDate?: string;
  commentary?: string;
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
  /** The scale's codes with their labels and colours, so every format can show a code in its colour beside its text. */
  codes: { code: string; label: string; colour: string }[];
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
  lead: action.lead || undefined,
  dueDate: action.dueDate || undefined,
  commentary: action.rating?.commentary || undefined,
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
    codes: current.scale.codes.map(({ code, label, colour }) => ({ code, label, colour })),
    words: current.words,
  };
}
