import { compareMilestoneDates } from '../../domain/milestone-date';
import { isMilestoneDone, isMilestoneOverdue } from '../../domain/milestone-status';
import { ActionSnapshot, MilestoneSnapshot } from '../plan-snapshot/plan-snapshot';

/** One milestone on a board's list: which action, what, due when (as the plan writes it), who, how it stands. */
export interface MilestoneLine {
  priority: number;
  reference: string;
  action: string;
  milestoneId: string;
  milestone: string;
  /** As the plan writes it ("Sept 17", "TBC"); '' when the plan gives no date. */
  due: string;
  /** The date it counts as due (the end of the month for "Sept 17"); absent for TBC or no date. */
  dueDate?: string;
  lead?: string;
  status: string;
}

/** The plan's actions and their milestones: only what the milestone reports read, so the replay oracle's plan fits as well as the read side's. */
export interface PlanMilestones {
  planId: string;
  asOf: string;
  knownAt: string;
  actions: Pick<ActionSnapshot, 'reference' | 'priorityNumber' | 'title' | 'status' | 'milestones'>[];
}

export function milestoneLine(action: PlanMilestones['actions'][number], m: MilestoneSnapshot): MilestoneLine {
  return {
    priority: action.priorityNumber,
    reference: action.reference,
    action: action.title,
    milestoneId: m.milestoneId,
    milestone: m.title,
    due: m.dueAsWritten ?? m.dueDate ?? '',
    ...(m.dueDate ? { dueDate: m.dueDate } : {}),
    ...(m.lead ? { lead: m.lead } : {}),
    status: m.status,
  };
}

/** Lines in the order a board reads them: by the date each counts as due, TBC last; ties in the plan's own order. */
export function byDueDate(lines: MilestoneLine[]): MilestoneLine[] {
  return lines.map((line, i) => ({ line, i })).sort((a, b) => compareMilestoneDates(a.line.dueDate, b.line.dueDate) || a.i - b.i).map((x) => x.line);
}

/** Every milestone of the actions not withdrawn, in the plan's order (priority, reference, milestone). */
export function allMilestoneLines(plan: PlanMilestones): MilestoneLine[] {
  return plan.actions.filter((a) => a.status !== 'withdrawn').flatMap((a) => a.milestones.map((m) => milestoneLine(a, m)));
}

/** An open action's milestones overdue at a day (YYYY-MM-DD): past their date and not done. */
export function overdueMilestonesOf(action: PlanMilestones['actions'][number], day: string): MilestoneLine[] {
  return action.status === 'open' ? action.milestones.filter((m) => isMilestoneOverdue(m, day)).map((m) => milestoneLine(action, m)) : [];
}

/** An action with milestones, every one of them done: its work is delivered, whatever its own due date says. */
export function allMilestonesDone(action: Pick<ActionSnapshot, 'milestones'>): boolean {
  return action.milestones.length > 0 && action.milestones.every((m) => isMilestoneDone(m.status));
}
