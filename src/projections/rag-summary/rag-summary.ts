import { PlanRatings } from '../plan-snapshot/plan-snapshot';
import { onTrackShares, OnTrackShares } from '../shared/on-track-share';
import { ragCodesInOrder } from '../shared/report-codes';
import { ColumnHeading } from '../shared/two-dates';
import { PlanWords } from '../../domain/plan/plan-words';

export interface RagSummaryRow {
  priority: number;
  title: string;
  /** counts[code] = [at the first date, at the second date] */
  counts: Record<string, [number, number]>;
  unrated: [number, number];
  /** The recommendations the group answers, when it answers any. */
  recommendations?: string[];
}

/** Table 1: how many actions of each priority stand at each code, at two dates side by side. */
export interface RagSummary {
  planId: string;
  codes: { code: string; label: string; colour: string }[];
  columns: [ColumnHeading, ColumnHeading];
  rows: RagSummaryRow[];
  totals: { counts: Record<string, [number, number]>; unrated: [number, number]; rated: [number, number] };
  /** Share of rated actions that are on track or completed, as a percentage with one decimal. */
  onTrackOrCompleted: [number, number];
  /** The same share of rated actions, and the share of all actions, each with its counts and definition, at each date. */
  shares: [OnTrackShares, OnTrackShares];
  /** What the plan calls its levels, for the table's headings. */
  words?: PlanWords;
}

export function ragSummary(first: PlanRatings, second: PlanRatings, labels: [string, string]): RagSummary {
  const codes = ragCodesInOrder(second.scale);
  const tally = (actions: PlanRatings['actions'], priority: number) => {
    const counts: Record<string, number> = Object.fromEntries(codes.map((c) => [c.code, 0]));
    let unrated = 0;
    for (const action of actions) {
      if (action.priorityNumber !== priority || action.status === 'withdrawn') continue;
      if (action.displayCode in counts) counts[action.displayCode] += 1;
      else unrated += 1;
    }
    return { counts, unrated };
  };
  const priorities = second.priorities.length > 0 ? second.priorities : first.priorities;
  const rows = priorities.map((p) => {
    const a = tally(first.actions, p.number);
    const b = tally(second.actions, p.number);
    return {
      priority: p.number,
      title: p.title,
      counts: Object.fromEntries(codes.map((c) => [c.code, [a.counts[c.code], b.counts[c.code]]])) as Record<string, [number, number]>,
      unrated: [a.unrated, b.unrated] as [number, number],
      ...(p.recommendations?.length ? { recommendations: p.recommendations } : {}),
    };
  });
  const sum = (pick: (row: RagSummaryRow) => [number, number]): [number, number] =>
    rows.reduce<[number, number]>((acc, row) => [acc[0] + pick(row)[0], acc[1] + pick(row)[1]], [0, 0]);
  const totals = Object.fromEntries(codes.map((c) => [c.code, sum((row) => row.counts[c.code])])) as Record<string, [number, number]>;
  const rated = sum((row) => codes.reduce<[number, number]>((acc, c) => [acc[0] + row.counts[c.code][0], acc[1] + row.counts[c.code][1]], [0, 0]));
  const good = codes.filter((c) => c.onTrack || c.terminal).map((c) => c.code);
  const unratedTotals = sum((row) => row.unrated);
  const share = (i: 0 | 1) => (rated[i] === 0 ? 0 : Math.round((1000 * good.reduce((n, code) => n + totals[code][i], 0)) / rated[i]) / 10);
  return {
    planId: second.planId,
    codes: codes.map(({ code, label, colour }) => ({ code, label, colour })),
    columns: [
      { label: labels[0], asOf: first.asOf, knownAt: first.knownAt },
      { label: labels[1], asOf: second.asOf, knownAt: second.knownAt },
    ],
    rows,
    totals: { counts: totals, unrated: unratedTotals, rated },
    onTrackOrCompleted: [share(0), share(1)],
    shares: [0, 1].map((i) => onTrackShares(good.reduce((n, code) => n + totals[code][i], 0), rated[i], unratedTotals[i], second.words?.item)) as [OnTrackShares, OnTrackShares],
    words: second.words,
  };
}
