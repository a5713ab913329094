/**
 * Whether a milestone's status says it is done. Statuses are free text as plans write them
 * ("Completed", "Achieved", "On Track", "July completed", "Achieved Caseloads were holding in
 * Exeter…"), so a status is done when its FIRST word is one of the words for done (Completed,
 * Complete, Achieved, Done), whatever commentary follows: "July completed" (one quarter of four)
 * is not, nor is a sentence that mentions completion further on.
 */
const DONE = new Set(['completed', 'complete', 'achieved', 'done']);

export function isMilestoneDone(status: string): boolean {
  const first = /^[\p{L}]+/u.exec(status.trim().toLowerCase());
  return first !== null && DONE.has(first[0]);
}

/**
 * Overdue as at a day (YYYY-MM-DD): its date has passed and it is not done. A milestone with no date
 * yet (TBC) is never overdue; a month's milestone counts as due at the end of the month
 * (milestone-date.ts), so "Sept 17" is overdue from 1 October 2017.
 */
export function isMilestoneOverdue(milestone: { dueDate?: string; status: string }, day: string): boolean {
  return milestone.dueDate !== undefined && milestone.dueDate < day && !isMilestoneDone(milestone.status);
}
