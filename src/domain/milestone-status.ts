/**
 * Whether a milestone's status says it is done. Statuses are free text as plans write them
 * ("Completed", "Achieved", "On Track", "July completed", "Audit rescheduled to September"), so
 * only a status that is wholly one of the words for done counts: "July completed" (one quarter of
 * four) does not, and neither does a sentence that mentions completion.
 */
const DONE = new Set(['completed', 'complete', 'achieved', 'done']);

export function isMilestoneDone(status: string): boolean {
  return DONE.has(status.trim().toLowerCase().replace(/[.!]+$/, ''));
}

/**
 * Overdue as at a day (YYYY-MM-DD): its date has passed and it is not done. A milestone with no date
 * yet (TBC) is never overdue; a month's milestone counts as due at the end of the month
 * (milestone-date.ts), so "Sept 17" is overdue from 1 October 2017.
 */
export function isMilestoneOverdue(milestone: { dueDate?: string; status: string }, day: string): boolean {
  return milestone.dueDate !== undefined && milestone.dueDate < day && !isMilestoneDone(milestone.status);
}
