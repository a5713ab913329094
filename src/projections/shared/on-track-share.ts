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

/** What a plan calls the things it rates: "actions" unless it named its levels (a project plan says "projects"). */
export interface ItemWords {
  singular: string;
  plural: string;
}

const ACTIONS: ItemWords = { singular: 'action', plural: 'actions' };

export const ofRatedDefinition = (w: ItemWords = ACTIONS) => `of rated ${w.plural}: on track or completed, out of the ${w.plural} rated at the date (${w.plural} not yet rated are left out)`;
export const ofAllDefinition = (w: ItemWords = ACTIONS) => `of all ${w.plural}: on track or completed, out of every ${w.singular} on the plan at the date (${w.plural} not yet rated count as not on track)`;
export const OF_RATED_DEFINITION = ofRatedDefinition();
export const OF_ALL_DEFINITION = ofAllDefinition();

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((1000 * count) / of) / 10);

/** Both shares from three counts: on track or completed, rated, not yet rated (withdrawn actions are in none), in the plan's words. */
export function onTrackShares(good: number, rated: number, unrated: number, words: ItemWords = ACTIONS): OnTrackShares {
  return {
    ofRated: { percent: percent(good, rated), count: good, of: rated, definition: ofRatedDefinition(words) },
    ofAll: { percent: percent(good, rated + unrated), count: good, of: rated + unrated, definition: ofAllDefinition(words) },
  };
}
