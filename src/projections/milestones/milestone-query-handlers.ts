import { GetMilestonesCompletedHandler } from './get-milestones-completed.query';
import { GetMilestonesDueHandler } from './get-milestones-due.query';
import { GetMilestonesOverdueHandler } from './get-milestones-overdue.query';

/** The milestone reports' handlers, registered with the read side's others. */
export const MILESTONE_QUERY_HANDLERS = [GetMilestonesDueHandler, GetMilestonesOverdueHandler, GetMilestonesCompletedHandler];
