import { allMilestoneLines, MilestoneLine, PlanMilestones } from '../../projections/milestones/milestone-lines';
import { MilestonesCompleted, MilestonesDue, MilestonesOverdue } from '../../projections/milestones/milestone-reports';
import { ReportTable } from './report-tables';

const day = (iso: string) => iso.slice(0, 10);
const COLUMNS = ['Action', 'Milestone', 'Due', 'Lead', 'Status'];
/** The due date as the plan writes it: "Sept 17" stays "Sept 17", what a committee will recognise. */
const row = (m: MilestoneLine) => [m.reference, m.milestone, m.due, m.lead ?? '', m.status];

export function milestonesDueTables(report: MilestonesDue): ReportTable[] {
  return [
    {
      title: `Milestones due ${report.from} to ${report.to}`,
      caption: `Due between ${report.from} and ${report.to}, both included, with their status as at ${day(report.asOf)}. A milestone dated by month ("Sept 17") is due by the end of that month; one to be confirmed (TBC) is due in no window.`,
      columns: COLUMNS,
      rows: report.due.map(row),
    },
  ];
}

export function milestonesOverdueTables(report: MilestonesOverdue): ReportTable[] {
  return [
    {
      title: 'Overdue milestones',
      caption: `As at ${day(report.asOf)}: milestones of open actions past the date they are due and not done (done means a status of Completed, Complete, Achieved or Done). A month's milestone is due by the end of its month; TBC is never overdue.`,
      columns: COLUMNS,
      rows: report.overdue.map(row),
    },
  ];
}

export function milestonesCompletedTables(report: MilestonesCompleted): ReportTable[] {
  return [
    {
      title: 'Milestones completed',
      caption: `Done by ${day(report.to)} and not yet done at ${day(report.from)} (done means a status of Completed, Complete, Achieved or Done).`,
      columns: COLUMNS,
      rows: report.completed.map(row),
    },
  ];
}

/** Plan-state's milestones, each with its date as written, lead and status; none when the plan has none. */
export function planMilestoneTables(plan: PlanMilestones): ReportTable[] {
  const lines = allMilestoneLines(plan);
  return lines.length === 0 ? [] : [{ title: 'Milestones', caption: `Every milestone of the plan's actions as at ${day(plan.asOf)}, in the plan's order.`, columns: COLUMNS, rows: lines.map(row) }];
}
