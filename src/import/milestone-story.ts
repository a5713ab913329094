import { ActionState } from '../domain/action/action.state';
import { AddMilestoneCommand, ChangeMilestoneStatusCommand, DecidedCommand, IssuedBy } from '../commands';
import { MILESTONE_COLUMNS } from './milestone-rows';
import { ImportedAction } from './plan-rows';

/**
 * The commands that record a row's milestones: each added once, with the id of its place among the
 * action's milestones in the file (m1, m2, …), so the same file again adds nothing and a later
 * version of it changes only the statuses that differ. Dated at the file's last board date, which
 * the file reports them as at.
 */
export function milestoneCommands(row: ImportedAction, state: ActionState, reportedOn: string, reason: string, by: IssuedBy): { command: DecidedCommand; where: string }[] {
  if (state.status === 'absent') return [];
  const action = { planId: state.planId, reference: row.reference, effectiveAt: reportedOn, reason };
  return (row.milestones ?? []).flatMap((m, i) => {
    const milestoneId = `m${i + 1}`;
    const where = `row ${m.rowNumber}, column "${MILESTONE_COLUMNS.title}"`;
    const held = state.milestones[milestoneId];
    if (!held) return [{ command: new AddMilestoneCommand({ ...action, milestoneId, title: m.title, dueDate: m.due, lead: m.lead, status: m.status }, by), where }];
    if (m.status && m.status !== held.status) return [{ command: new ChangeMilestoneStatusCommand({ ...action, milestoneId, status: m.status }, by), where }];
    return [];
  });
}
