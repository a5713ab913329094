import { OnTrackShares } from '../../projections/shared/on-track-share';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The two percentages at one date, then what each counts: printed under a table in every format. */
export function shareNotes(shares: OnTrackShares, at: string, items = 'actions'): string[] {
  const { ofRated, ofAll } = shares;
  return [`On track or completed${at ? ` at ${at}` : ''}: ${ofRated.percent}% of rated ${items} (${ofRated.count} of ${ofRated.of}); ${ofAll.percent}% of all ${items} (${ofAll.count} of ${ofAll.of}).`];
}

/** The definitions of the two percentages, once per table. */
export function shareDefinitions(shares: OnTrackShares): string[] {
  return [capitalised(`${shares.ofRated.definition}.`), capitalised(`${shares.ofAll.definition}.`)];
}
