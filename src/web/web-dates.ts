import { FieldProblem } from '../domain/errors';
import { fullYear, isoOf, monthNamed, whyNotADay } from '../domain/uk-date';

/**
 * Dates as people read and type them on the web pages: GOV.UK style ("30 November
 * 2016"), UK time, and the three-box day/month/year date input.
 */
const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hour12: false });

/** "30 November 2016" for a date or an instant; '' for nothing. */
export function displayDate(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/** "3 March 2017 at 10:15" (UK time): when something was recorded. */
export function displayDateTime(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${dateFormat.format(date)} at ${timeFormat.format(date)}`;
}

/**
 * An effective date: just the day when it is a whole day (the board meeting), else the day and time.
 * A whole day is its UTC calendar date, never the London time of that instant: the end of
 * 25 July 2018 (23:59:59.999Z, "the plan as effective on 25 July") is 00:59 on the 26th in
 * British Summer Time, and showing it there put every such date a day late from April to October.
 */
export function displayEffective(value: string | undefined): string {
  if (!value) return '';
  return /T00:00:00(\.000)?Z$/.test(value) || /T23:59:59\.999Z$/.test(value) ? displayDate(value.slice(0, 10)) : displayDateTime(value);
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** The three boxes of a GOV.UK date input named `${prefix}-day` etc., as typed. */
export function dateParts(source: Record<string, unknown>, prefix: string): DateParts {
  const text = (name: string) => {
    const value = source[`${prefix}-${name}`];
    return typeof value === 'string' ? value.trim() : '';
  };
  return { day: text('day'), month: text('month'), year: text('year') };
}

export function partsFromIso(value: string | undefined): DateParts {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  return match ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] } : { day: '', month: '', year: '' };
}

export function isBlank(parts: DateParts): boolean {
  return !parts.day && !parts.month && !parts.year;
}

/**
 * The date typed into a date input as YYYY-MM-DD, undefined when left blank, or a
 * problem worded as the GOV.UK date input pattern words them ("... must include a month").
 * The boxes are read as people fill them in (src/domain/uk-date.ts): a month by number or
 * name (7, Jul, July) and a two-digit year (18 is 2018; 00–69 is 2000–2069, 70–99 is 1970–1999).
 */
export function isoFromParts(parts: DateParts, field: string, what: string): { iso?: string; problem?: FieldProblem } {
  if (isBlank(parts)) return {};
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p]);
  if (missing.length > 0) return { problem: { field, message: `${what} must include a ${missing.join(' and a ')}` } };
  const month = /^\d{1,2}$/.test(parts.month) ? Number(parts.month) : monthNamed(parts.month.replace(/\.$/, ''));
  if (!/^\d{1,2}$/.test(parts.day) || month === undefined || !/^(\d{2}|\d{4})$/.test(parts.year)) {
    return { problem: { field, message: `${what} must be a real date, for example 30 11 2016 or 30 Nov 16` } };
  }
  const day = { day: Number(parts.day), month, year: fullYear(parts.year) };
  // "31 2 2019": said in the page's words, with why ("February 2019 has 28 days").
  const why = whyNotADay(day);
  if (why) return { problem: { field, message: `${what} must be a real date (${why}), for example 30 11 2016` } };
  return { iso: isoOf(day, `${parts.day} ${parts.month} ${parts.year}`, field) };
}

/** How far London is ahead of UTC, in minutes, at an instant (0 in winter, 60 in British Summer Time). */
function londonOffsetMinutes(at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - Math.floor(at.getTime() / 60000) * 60000) / 60000);
}

/**
 * A time of day as people type it into the "Time" box: 14:05, 14.05, 2:05pm, 2pm, 9am.
 * Undefined when it is none of these.
 */
export function readTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim().replace(/\s+/g, ''));
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.toLowerCase();
  if (half === undefined && match[2] === undefined) return undefined; // "14" alone: an hour or a typo? Ask for 14:00.
  if (minute > 59) return undefined;
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return { hour, minute };
}

/**
 * The instant that ends a minute of a day in UK time (…:59.999), as ISO UTC: "as recorded at 14:05 on
 * 6 December" includes everything recorded during 14:05, as a bare day includes everything recorded that day.
 */
export function endOfLondonMinute(day: string, time: { hour: number; minute: number }): string {
  const [year, month, date] = day.split('-').map(Number);
  const naive = Date.UTC(year, month - 1, date, time.hour, time.minute, 59, 999);
  // The offset at the naive instant is right except within the hour the clocks change; a second look settles it.
  let offset = londonOffsetMinutes(new Date(naive));
  offset = londonOffsetMinutes(new Date(naive - offset * 60000));
  return new Date(naive - offset * 60000).toISOString();
}

/** An instant as the date boxes and the time box show it, in UK time: { day, month, year, time: '14:05' }. */
export function londonPartsOf(instant: string): DateParts & { time: string } {
  const at = new Date(instant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}` };
}
