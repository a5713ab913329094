import { ActionSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { ragSummary } from '../projections/rag-summary/rag-summary';
import type { PlanReads } from './plan-reads';
import { pageWords } from './plan-words-view';

/** One figure of Table 1 that a change would alter at a board date already reported. */
export interface ChangedFigure {
  /** "Priority 1 (Workforce), Amber (A)", "All priorities, Amber (A)", "On track or completed". */
  figure: string;
  reported: string;
  after: string;
}

export interface BoardDateImpact {
  label: string;
  date: string;
  figures: ChangedFigure[];
}

/** A rating about to be recorded: the code, and either when it takes effect or the rating event it corrects. */
export interface PendingRating {
  reference: string;
  code: string;
  /** A new rating: the instant it takes effect (resolved by the domain's rule). */
  effectiveAt?: string;
  /** A correction: it takes the valid time of the rating it corrects. */
  correctsEventId?: string;
}

/**
 * Would this rating alter a board's figures already reported? For every board date up to
 * today, the plan as the read models hold it at that date is tallied into Table 1 twice:
 * as it stands, and with the action's rating at that date replaced as the change would
 * replace it. Only the figures that differ are returned, so a page can say exactly which
 * numbers the board was given will no longer be the numbers on record.
 */
export function boardDateImpact(snapshots: { label: string; date: string; plan: PlanSnapshot }[], change: PendingRating, words: { group: string }): BoardDateImpact[] {
  const impacts: BoardDateImpact[] = [];
  for (const { label, date, plan } of snapshots) {
    const action = plan.actions.find((a) => a.reference === change.reference);
    if (!action || !replacesRatingAt(action, change)) continue;
    const withChange: PlanSnapshot = { ...plan, actions: plan.actions.map((a) => (a === action ? { ...a, displayCode: change.code } : a)) };
    const table = ragSummary(plan, withChange, [label, label]);
    const codeName = (code: string) => {
      const found = table.codes.find((c) => c.code === code);
      return found && found.label !== code ? `${found.label} (${code})` : code;
    };
    const figures: ChangedFigure[] = [];
    for (const row of table.rows) {
      for (const [code, [before, after]] of Object.entries(row.counts)) {
        if (before !== after) figures.push({ figure: `${words.group} ${row.priority} (${row.title}), ${codeName(code)}`, reported: String(before), after: String(after) });
      }
      if (row.unrated[0] !== row.unrated[1]) figures.push({ figure: `${words.group} ${row.priority} (${row.title}), not yet rated`, reported: String(row.unrated[0]), after: String(row.unrated[1]) });
    }
    for (const [code, [before, after]] of Object.entries(table.totals.counts)) {
      if (before !== after) figures.push({ figure: `Total, ${codeName(code)}`, reported: String(before), after: String(after) });
    }
    const [shareBefore, shareAfter] = table.onTrackOrCompleted;
    if (shareBefore !== shareAfter) figures.push({ figure: 'On track or completed (share of rated)', reported: `${shareBefore.toFixed(1)}%`, after: `${shareAfter.toFixed(1)}%` });
    if (figures.length > 0) impacts.push({ label, date, figures });
  }
  return impacts;
}

/** Whether, at one date, the action's rating on record is the one this change replaces (an open action only: a completed one shows its completion). */
function replacesRatingAt(action: Omit<ActionSnapshot, 'evidence' | 'milestones'>, change: PendingRating): boolean {
  if (action.status !== 'open') return false;
  if (change.correctsEventId !== undefined) return action.rating?.eventId === change.correctsEventId;
  if (change.effectiveAt === undefined) return false;
  return !action.rating || action.rating.effectiveAt <= change.effectiveAt;
}

/** The board dates a change effective at `effectiveAt` could reach: reported already (up to today) and on or after it. */
export function reportedBoardDatesFrom(points: { label: string; date: string }[], effectiveAt: string | undefined, today: string): { label: string; date: string }[] {
  return points.filter((p) => p.date <= today && (effectiveAt === undefined || p.date >= effectiveAt.slice(0, 10)));
}

/** Table 1 at each board date already reported that the rating would reach: as reported, and with the rating. */
export async function reportedFiguresChangedBy(reads: PlanReads, plan: PlanSnapshot, rating: PendingRating): Promise<BoardDateImpact[]> {
  const points = reportedBoardDatesFrom(await reads.boardDates(plan), rating.correctsEventId ? undefined : rating.effectiveAt, new Date().toISOString().slice(0, 10));
  const snapshots = await Promise.all(points.map(async (point) => ({ ...point, plan: await reads.plan(plan.planId, point.label) })));
  return boardDateImpact(snapshots, rating, { group: pageWords(plan).Group });
}
