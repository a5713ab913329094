import { PlanRatings } from '../plan-snapshot/plan-snapshot';
import { onTrackShares, OnTrackShares } from '../shared/on-track-share';
import { ragCodesInOrder } from '../shared/report-codes';
import { PlanWords } from '../../domain/plan/plan-words';

/** Which date "new actions" are counted from, and why that one: the board gave it, or it is the board date before this one. */
export interface NewSince {
  label: string;
  asOf: string;
  chosen: 'given' | 'previous board date';
}

export interface RagTableRow {
  priority: number;
  title: string;
  /** Actions of this priority at each rated code (the completed code included). */
  counts: Record<string, number>;
  unrated: number;
  /** Every action of the priority on the plan at the date: rated and not yet rated. */
  all: number;
  /** Of those, the actions added after `newActions.since`. */
  added: number;
}

/**
 * Table 1 at one date: how many actions of each priority stand at each code, with the actions
 * not yet rated, totals per priority and overall, and the new actions (added since the previous
 * board date, or since a date the board gives). Withdrawn actions are in no cell.
 */
export interface RagTable {
  planId: string;
  label: string;
  asOf: string;
  knownAt: string;
  codes: { code: string; label: string; colour: string }[];
  rows: RagTableRow[];
  totals: { counts: Record<string, number>; unrated: number; rated: number; all: number };
  /** The new actions, counted again here: they are already in the rows above. Without a date to count from (no earlier board date), none. */
  newActions: { since?: NewSince; counts: Record<string, number>; unrated: number; all: number };
  onTrackOrCompleted: OnTrackShares;
  /** What the plan calls its levels, for the table's headings. */
  words?: PlanWords;
}

export function ragTable(plan: PlanRatings, label: string, since: NewSince | undefined): RagTable {
  const codes = ragCodesInOrder(plan.scale);
  const zero = () => Object.fromEntries(codes.map((c) => [c.code, 0])) as Record<string, number>;
  const rows: RagTableRow[] = plan.priorities.map((p) => ({ priority: p.number, title: p.title, counts: zero(), unrated: 0, all: 0, added: 0 }));
  const byNumber = new Map(rows.map((r) => [r.priority, r]));
  const newActions = { ...(since ? { since } : {}), counts: zero(), unrated: 0, all: 0 };
  for (const action of plan.actions) {
    const row = byNumber.get(action.priorityNumber);
    if (!row || action.status === 'withdrawn') continue;
    const isNew = since !== undefined && action.addedAt > since.asOf && action.addedAt <= plan.asOf;
    const rated = action.displayCode in row.counts;
    if (rated) row.counts[action.displayCode] += 1;
    else row.unrated += 1;
    row.all += 1;
    if (!isNew) continue;
    row.added += 1;
    newActions.all += 1;
    if (rated) newActions.counts[action.displayCode] += 1;
    else newActions.unrated += 1;
  }
  const sum = (pick: (row: RagTableRow) => number) => rows.reduce((n, row) => n + pick(row), 0);
  const counts = Object.fromEntries(codes.map((c) => [c.code, sum((row) => row.counts[c.code])])) as Record<string, number>;
  const rated = codes.reduce((n, c) => n + counts[c.code], 0);
  const unrated = sum((row) => row.unrated);
  const good = codes.filter((c) => c.onTrack || c.terminal).reduce((n, c) => n + counts[c.code], 0);
  return {
    planId: plan.planId,
    label,
    asOf: plan.asOf,
    knownAt: plan.knownAt,
    codes: codes.map(({ code, label: name, colour }) => ({ code, label: name, colour })),
    rows,
    totals: { counts, unrated, rated, all: rated + unrated },
    newActions,
    onTrackOrCompleted: onTrackShares(good, rated, unrated, plan.words?.item),
    words: plan.words,
  };
}

/** The board date before the report's date: the last reporting point dated earlier than the report's day. */
export function previousBoardDate(plan: Pick<PlanRatings, 'reportingPoints'>, asOf: string): { label: string; date: string } | undefined {
  const day = asOf.slice(0, 10);
  return [...plan.reportingPoints].filter((p) => p.date.slice(0, 10) < day).sort((a, b) => a.date.localeCompare(b.date)).pop();
}
