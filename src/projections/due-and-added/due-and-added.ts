import { ActionSnapshot, PlanSnapshot } from '../plan-snapshot/plan-snapshot';
import { onTrackShares, OnTrackShares } from '../shared/on-track-share';
import { isDelayed } from '../shared/report-codes';
import { PlanWords } from '../../domain/plan/plan-words';
import { allMilestonesDone, MilestoneLine, overdueMilestonesOf } from '../milestones/milestone-lines';

export interface ActionLine {
  reference: string;
  priority: number;
  title: string;
  lead?: string;
  dueDate?: string;
  code: string;
  /** The commentary given with the rating in force: the service's latest update. */
  commentary?: string;
}

const line = (a: ActionSnapshot): ActionLine => ({
  reference: a.reference,
  priority: a.priorityNumber,
  title: a.title,
  ...(a.lead ? { lead: a.lead } : {}),
  ...(a.dueDate ? { dueDate: a.dueDate } : {}),
  code: a.displayCode,
  ...(a.rating?.commentary ? { commentary: a.rating.commentary } : {}),
});

export interface DueBy {
  planId: string;
  dueBy: string;
  asOf: string;
  knownAt: string;
  /** Signed off here on accepted evidence. */
  completedAndEvidenced: ActionLine[];
  /** Completed as an imported plan file reported: no sign-off and no evidence here. */
  completedAsImported: ActionLine[];
  onTrackNotYetEvidenced: ActionLine[];
  /** On track with evidence accepted, waiting for the sign-off. */
  onTrackAwaitingSignOff: ActionLine[];
  delayed: ActionLine[];
  notYetRated: ActionLine[];
  /** "94.7% of actions are on track or completed" */
  onTrackOrCompletedPercent: number;
  /** That share of rated actions, and the share of all the actions due, each with its counts and definition. */
  onTrackOrCompleted: OnTrackShares;
  /** The scale's codes with their labels and colours, so every format can show a code in its colour beside its text. */
  codes: { code: string; label: string; colour: string }[];
  /** What the plan calls its levels, for the tables' headings. */
  words?: PlanWords;
}

/** Actions due by a date, grouped as the QA service reports them. */
export function dueBy(plan: PlanSnapshot, date: string): DueBy {
  const due = plan.actions.filter((a) => a.status !== 'withdrawn' && a.dueDate !== undefined && a.dueDate <= date);
  const accepted = (a: ActionSnapshot) => a.evidence.some((e) => e.status === 'accepted');
  const completed = due.filter((a) => a.status === 'completed');
  const imported = (a: ActionSnapshot) => a.completion !== undefined && 'imported' in a.completion;
  const open = due.filter((a) => a.status !== 'completed');
  const delayed = open.filter((a) => isDelayed(plan.scale, a.displayCode));
  const notYetRated = open.filter((a) => !a.rating);
  const onTrack = open.filter((a) => a.rating && !isDelayed(plan.scale, a.displayCode));
  const rated = completed.length + onTrack.length + delayed.length;
  return {
    planId: plan.planId,
    dueBy: date,
    asOf: plan.asOf,
    knownAt: plan.knownAt,
    completedAndEvidenced: completed.filter((a) => !imported(a)).map(line),
    completedAsImported: completed.filter(imported).map(line),
    onTrackNotYetEvidenced: onTrack.filter((a) => !accepted(a)).map(line),
    onTrackAwaitingSignOff: onTrack.filter(accepted).map(line),
    delayed: delayed.map(line),
    notYetRated: notYetRated.map(line),
    onTrackOrCompletedPercent: rated === 0 ? 0 : Math.round((1000 * (completed.length + onTrack.length)) / rated) / 10,
    onTrackOrCompleted: onTrackShares(completed.length + onTrack.length, rated, notYetRated.length, plan.words?.item),
    codes: plan.scale.codes.map(({ code, label, colour }) => ({ code, label, colour })),
    words: plan.words,
  };
}

export interface AddedBetween {
  planId: string;
  from: string;
  to: string;
  added: ActionLine[];
  words?: PlanWords;
}

/** Actions added to the plan after `from` and by `to` (effective dates): the NEW 1..8 rows. */
export function addedBetween(plan: PlanSnapshot, from: string, to: string): AddedBetween {
  return { planId: plan.planId, from, to, added: plan.actions.filter((a) => a.addedAt > from && a.addedAt <= to).map(line), words: plan.words };
}

export interface Overdue {
  planId: string;
  asOf: string;
  overdue: (ActionLine & { overdueMilestones?: MilestoneLine[] })[];
  words?: PlanWords;
}

/**
 * Open actions late at the report date: past their own due date, unless every one of their
 * milestones is done (the work is delivered; only the sign-off is to come); or with a milestone
 * overdue, whether or not the action has a date of its own (a project dated only by its
 * milestones). Each is listed with its overdue milestones.
 */
export function overdue(plan: PlanSnapshot): Overdue {
  const today = plan.asOf.slice(0, 10);
  const late = plan.actions.flatMap((a) => {
    const milestones = overdueMilestonesOf(a, today);
    const pastItsDate = a.status === 'open' && a.dueDate !== undefined && a.dueDate < today && !allMilestonesDone(a);
    return pastItsDate || milestones.length > 0 ? [{ ...line(a), ...(milestones.length > 0 ? { overdueMilestones: milestones } : {}) }] : [];
  });
  return { planId: plan.planId, asOf: plan.asOf, overdue: late, words: plan.words };
}
