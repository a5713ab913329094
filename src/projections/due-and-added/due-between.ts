import { PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { dueBy, DueBy } from './due-and-added';

/** Actions due in a window (due between 1 February and 31 March), grouped as due-by groups them. */
export interface DueBetween extends DueBy {
  /** The first due date counted (inclusive); `dueBy` is the last. */
  dueFrom: string;
}

/** due-by over the actions due on or after `from`: the same groups and shares, for the window only. */
export function dueBetween(plan: PlanSnapshot, from: string, to: string): DueBetween {
  const inWindow = plan.actions.filter((a) => a.dueDate !== undefined && a.dueDate >= from);
  return { ...dueBy({ ...plan, actions: inWindow }, to), dueFrom: from };
}
