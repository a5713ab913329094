import { InvalidInput } from './errors';
import { LIMITS } from './limits';
import { readUkDate } from './uk-date';

/**
 * A milestone's due date as plans write it, and the date it counts as due.
 *
 * Plans date milestones by month ("Sept 17", "April 2018"), by several months ("Sept, Nov 17, Jan,
 * March 18" for a report made every other month), now and then by day ("1 st April 18"), or not
 * yet at all ("TBC"). The text is kept as written, to be shown as written; beside it, one
 * calendar date (YYYY-MM-DD) that reports sort and count by:
 *
 * - a day counts as due that day;
 * - a month counts as due at the END of that month ("Sept 17" is due by 30 September 2017, and
 *   overdue from 1 October): the plan promised it within the month;
 * - several months are one milestone, kept as written, due at the end of the EARLIEST month: the
 *   plan gives the row one title, one lead and one status ("July completed"), so splitting it would
 *   make up statuses for occurrences the plan never reported on; counting it from its first month
 *   means it shows among the milestones due that month, and is overdue if its status is not
 *   brought up to date;
 * - "TBC", "to be confirmed" and "as required" have no date: they sort after every dated
 *   milestone and are never overdue (there is nothing yet to be late against).
 *
 * A month with no year is refused, naming the form to use: "Jan" in a plan running April to March
 * could be either year, and a guess would put the milestone a year out.
 */
export interface MilestoneDue {
  /** The text as the plan writes it, spaces collapsed. */
  asWritten: string;
  /** The date it counts as due (YYYY-MM-DD), or undefined when it has none yet (TBC). */
  date?: string;
}

/** Said instead of a date: the milestone has no date yet, and so cannot be late. */
const NO_DATE_YET = new Set(['tbc', 'tbd', 'to be confirmed', 'to be decided', 'as required']);

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const ORDINAL = new Set(['st', 'nd', 'rd', 'th']);
const SEPARATORS = new Set([',', '/', '&', 'and', '.', '-']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const EXAMPLES = '"Sept 17", "April 2018", "Sept, Nov 17", "1 April 2018", 01/04/2018, 2018-04-01 or "TBC"';

/** Read a milestone's due date as written; InvalidInput on `field` naming what could not be read. */
export function readMilestoneDue(text: string, field = 'dueDate'): MilestoneDue {
  const asWritten = text.replace(/\s+/g, ' ').trim();
  if (asWritten === '') throw new InvalidInput(field, `is empty; give a date such as ${EXAMPLES}, or leave it out`);
  if (asWritten.length > LIMITS.name) throw new InvalidInput(field, `is ${asWritten.length} characters long; keep a due date to ${LIMITS.name}`);
  const lower = asWritten.toLowerCase();
  if (NO_DATE_YET.has(lower.replace(/\.$/, ''))) return { asWritten };
  if (ISO_DATE.test(asWritten)) return { asWritten, date: realDate(Number(asWritten.slice(0, 4)), Number(asWritten.slice(5, 7)), Number(asWritten.slice(8, 10)), asWritten, field) };
  // A single day as people write it (31/03/2018, 31 March 2018): the one reader every door uses for a day.
  const day = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(asWritten) ? readUkDate(asWritten, field) : undefined;
  if (day !== undefined) return { asWritten, date: day };
  // "From August 18" (reports from that month on) counts from its first month; "Jan 18 (Eclipse go live)" by its date, the note kept as written.
  const body = lower.replace(/^from\s+/, '').replace(/\s*\([^()]*\)\s*$/, '');
  const items = monthItems(body, asWritten, field);
  const dates = items.map((item) => (item.day !== undefined ? realDate(item.year!, item.month, item.day, asWritten, field) : endOfMonth(item.year!, item.month)));
  return { asWritten, date: dates.sort()[0] };
}

/** Due dates in the order a board reads them: earliest first, those with no date yet (TBC) last. */
export function compareMilestoneDates(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

interface MonthItem {
  day?: number;
  month: number;
  year?: number;
}

/** "sept, nov 17, jan, march 18" → Sep 2017, Nov 2017, Jan 2018, Mar 2018: a year written after months applies to each before it that has none. */
function monthItems(body: string, asWritten: string, field: string): MonthItem[] {
  const tokens = body.match(/[a-z]+|\d+|\S/g) ?? [];
  const items: MonthItem[] = [];
  let day: number | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const last = items[items.length - 1];
    if (/^\d+$/.test(token)) {
      if (last && last.year === undefined && tokens[i - 1] !== undefined && MONTHS[tokens[i - 1].replace(/\.$/, '')] !== undefined && day === undefined) {
        const year = token.length === 2 ? 2000 + Number(token) : token.length === 4 ? Number(token) : NaN;
        if (Number.isNaN(year)) throw new InvalidInput(field, `"${asWritten}": ${token} is not a year; write it as 17 or 2017`);
        for (let j = items.length - 1; j >= 0 && items[j].year === undefined; j--) items[j].year = year;
        continue;
      }
      const next = ORDINAL.has(tokens[i + 1]) ? tokens[i + 2] : tokens[i + 1];
      if (token.length <= 2 && next !== undefined && MONTHS[next] !== undefined && day === undefined) {
        day = Number(token);
        if (ORDINAL.has(tokens[i + 1])) i++;
        continue;
      }
      throw new InvalidInput(field, `"${asWritten}" is not a date a plan writes; use ${EXAMPLES}`);
    }
    const month = MONTHS[token];
    if (month !== undefined) {
      items.push({ month, ...(day !== undefined ? { day } : {}) });
      day = undefined;
      continue;
    }
    if (SEPARATORS.has(token)) continue;
    throw new InvalidInput(field, `"${asWritten}" is not a date a plan writes ("${token}" is not a month); use ${EXAMPLES}`);
  }
  if (items.length === 0 || day !== undefined) throw new InvalidInput(field, `"${asWritten}" is not a date a plan writes; use ${EXAMPLES}`);
  if (items.some((item) => item.year === undefined)) {
    throw new InvalidInput(field, `"${asWritten}" gives a month without its year; write the year after the months it belongs to, e.g. "July, Oct 17, Jan, May 18"`);
  }
  return items;
}

function endOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function realDate(year: number, month: number, day: number, asWritten: string, field: string): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new InvalidInput(field, `"${asWritten}" is not a real calendar date`);
  return date.toISOString().slice(0, 10);
}
