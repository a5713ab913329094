import { PlanRatings } from '../projections/plan-snapshot/plan-snapshot';
import { ColumnHeading } from './rag-summary';
import { isDelayed } from './report-codes';

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
}

/** The seed's section 2 tables: per priority, what moved between the two dates, and what is still red or amber. */
export function previousVsCurrent(previous: PlanRatings, current: PlanRatings, labels: [string, string]): PreviousVsCurrent {
  const before = new Map(previous.actions.map((a) => [a.streamId, a]));
  const change = (action: PlanRatings['actions'][number]): ActionChange => ({
    reference: action.reference,
    ...(action.ofstedReference ? { ofstedReference: action.ofstedReference } : {}),
    title: action.title,
    previous: before.get(action.streamId)?.displayCode ?? '',
    current: action.displayCode,
  });
  // Only actions on the plan at both dates: new ones are reported as additions, not changes.
  const comparable = current.actions.filter((a) => a.status !== 'withdrawn' && before.has(a.streamId));
  return {
    planId: current.planId,
    columns: [
      { label: labels[0], asOf: previous.asOf, knownAt: previous.knownAt },
      { label: labels[1], asOf: current.asOf, knownAt: current.knownAt },
    ],
    priorities: current.priorities.map((p) => {
      const mine = comparable.filter((a) => a.priorityNumber === p.number);
      return {
        priority: p.number,
        title: p.title,
        changed: mine.filter((a) => before.get(a.streamId)!.displayCode !== a.displayCode).map(change),
        redOrAmber: mine.filter((a) => isDelayed(current.scale, a.displayCode)).map(change),
      };
    }),
  };
}
