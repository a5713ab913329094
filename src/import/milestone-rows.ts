import { FieldProblem, InvalidInput } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import { readMilestoneDue } from '../domain/milestone-date';

/**
 * A plan's milestones, one a row, as plans in the outcome → action → milestone shape keep them
 * (Devon's): optional columns `Milestone`, `Milestone due`, `Milestone lead`, `Milestone status`.
 * The first row of an action may hold its first milestone; each further milestone is a row of its
 * own repeating the action's Priority and Reference (its other action cells empty or the same).
 */
export interface ImportedMilestone {
  rowNumber: number;
  title: string;
  /** As the plan writes it ("Sept 17", "TBC"), read by the same rule as every door (milestone-date.ts). */
  due?: string;
  lead?: string;
  status?: string;
}

export const MILESTONE_COLUMNS = { title: 'Milestone', due: 'Milestone due', lead: 'Milestone lead', status: 'Milestone status' };

/** The row's milestone, if it has one; every problem named by row and column. */
export function readMilestoneCells(cell: (name: string) => string, at: (column: string) => string, rowNumber: number, problems: FieldProblem[]): ImportedMilestone | undefined {
  const title = cell(MILESTONE_COLUMNS.title);
  const due = cell(MILESTONE_COLUMNS.due);
  const lead = cell(MILESTONE_COLUMNS.lead);
  const status = cell(MILESTONE_COLUMNS.status);
  if (!title) {
    if (due || lead || status) problems.push({ field: at(MILESTONE_COLUMNS.title), message: 'is empty, but the row gives a milestone\'s date, lead or status; name the milestone' });
    return undefined;
  }
  if (title.length > LIMITS.text) problems.push({ field: at(MILESTONE_COLUMNS.title), message: `is ${title.length} characters long; keep it to ${LIMITS.text}` });
  if (lead.length > LIMITS.name) problems.push({ field: at(MILESTONE_COLUMNS.lead), message: `is ${lead.length} characters long; keep a name to ${LIMITS.name}` });
  if (status.length > LIMITS.milestoneStatus) problems.push({ field: at(MILESTONE_COLUMNS.status), message: `is ${status.length} characters long; keep it to ${LIMITS.milestoneStatus}` });
  if (due) {
    try {
      readMilestoneDue(due, 'dueDate');
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      problems.push({ field: at(MILESTONE_COLUMNS.due), message: error.problems[0].message });
    }
  }
  return { rowNumber, title, ...(due ? { due } : {}), ...(lead ? { lead } : {}), ...(status ? { status } : {}) };
}
