/**
 * "% on track or completed" in the two senses a board meets it, each saying what it counts:
 * a plan with one of eight actions rated, and that one green, is 100 % of rated actions but
 * 12.5 % of all actions. Reports show both, with these definitions beside them.
 */
export interface ShareOfActions {
  /** Percentage with one decimal; 0 when there is nothing to count. */
  percent: number;
  /** Actions on track or completed. */
  count: number;
  /** What the count is a share of. */
  of: number;
  definition: string;
}

export interface OnTrackShares {
  ofRated: ShareOfActions;
  ofAll: ShareOfActions;
}

export const OF_RATED_DEFINITION = 'of rated actions: on track or completed, out of the actions rated at the date (actions not yet rated are left out)';
export const OF_ALL_DEFINITION = 'of all actions: on track or completed, out of every action on the plan at the date (actions not yet rated count as not on track)';

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((1000 * count) / of) / 10);

/** Both shares from three counts: on track or completed, rated, not yet rated (withdrawn actions are in none). */
export function onTrackShares(good: number, rated: number, unrated: number): OnTrackShares {
  return {
    ofRated: { percent: percent(good, rated), count: good, of: rated, definition: OF_RATED_DEFINITION },
    ofAll: { percent: percent(good, rated + unrated), count: good, of: rated + unrated, definition: OF_ALL_DEFINITION },
  };
}

