import { isMilestoneDone } from '../../domain/milestone-status';
import { allMilestoneLines, byDueDate, MilestoneLine, overdueMilestonesOf, PlanMilestones } from './milestone-lines';

export interface MilestonesDue {
  planId: string;
  /** The window, both days included (YYYY-MM-DD). */
  from: string;
  to: string;
  asOf: string;
  knownAt: string;
  due: MilestoneLine[];
}

/**
 * Milestones due in a window (both days included), with their status as at the report date. A month's
 * milestone counts as due at the end of its month, so "Sept 17" is due in a window holding 30
 * September 2017; a milestone with no date yet (TBC) is due in no window.
 */
export function milestonesDue(plan: PlanMilestones, from: string, to: string): MilestonesDue {
  const due = allMilestoneLines(plan).filter((m) => m.dueDate !== undefined && m.dueDate >= from && m.dueDate <= to);
  return { planId: plan.planId, from, to, asOf: plan.asOf, knownAt: plan.knownAt, due: byDueDate(due) };
}

export interface MilestonesOverdue {
  planId: string;
  asOf: string;
  knownAt: string;
  overdue: MilestoneLine[];
}

/**
 * Milestones overdue as at the report date: of actions still open (a completed or withdrawn action's
 * milestones are not chased), their date before the report's day and their status not done
 * (milestone-status.ts). TBC is never overdue.
 */
export function milestonesOverdue(plan: PlanMilestones): MilestonesOverdue {
  const day = plan.asOf.slice(0, 10);
  return { planId: plan.planId, asOf: plan.asOf, knownAt: plan.knownAt, overdue: byDueDate(plan.actions.flatMap((a) => overdueMilestonesOf(a, day))) };
}

export interface MilestonesCompleted {
  planId: string;
  /** The period: after the plan as at `from`, up to and including the plan as at `to`. */
  from: string;
  to: string;
  knownAt: string;
  completed: MilestoneLine[];
}

/**
 * Milestones done in a period: done in the plan as at `to`, and not done (or not yet on the plan) as
 * at `from`, as added-between counts new actions. Read from the two plans, so a status set back from
 * done to "On Track" and done again within the period counts once, and a status backdated into the
 * period counts when it is recorded.
 */
export function milestonesCompleted(before: PlanMilestones, after: PlanMilestones): MilestonesCompleted {
  const doneBefore = new Set(allMilestoneLines(before).filter((m) => isMilestoneDone(m.status)).map((m) => `${m.reference}\u0000${m.milestoneId}`));
  const completed = allMilestoneLines(after).filter((m) => isMilestoneDone(m.status) && !doneBefore.has(`${m.reference}\u0000${m.milestoneId}`));
  return { planId: after.planId, from: before.asOf, to: after.asOf, knownAt: after.knownAt, completed: byDueDate(completed) };
}
