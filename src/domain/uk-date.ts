import { DATE_TIME } from './effective-date';
import { InvalidInput } from './errors';

/**
 * Dates as people in the UK write them, read the same way at every door a person
 * types at: CLI options, the query strings people type (asOf, knownAt, from, to,
 * dueBy), the web pages' date boxes and the cells of an imported plan file. The
 * API's request bodies stay ISO (`DATE_ONLY`, `DATE_TIME` in effective-date.ts):
 * a program can write 2019-01-31; a board clerk writes 31/01/19.
 *
 * - Day first, always: 01/02/2019 is 1 February 2019, never 2 January.
 * - A two-digit year 00–69 is 2000–2069 and 70–99 is 1970–1999: improvement
 *   plans and their milestones date from the 2000s and run decades ahead, and a
 *   1990s date in an old minute still reads as the 1990s. (Excel's pivot is 30
 *   and POSIX's 69; this one is said in every refusal, so no one has to guess.)
 * - A date that does not exist (31/02/2019) is refused, never rolled over into
 *   March as `new Date` would.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** "Sept" as well as "Sep": both are how people shorten September. */
const MONTH_ALIASES: Record<string, number> = { sept: 9 };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 31/01/2019, 31/01/19, 1/2/2019; dots and dashes as well as slashes (31.01.2019, 31-01-2019). */
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;
/** 31 January 2019, 31 Jan 19, 31st Jan. 2019, 31-Jan-2019 (Excel's own display of a date). */
const WORDS = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$/i;

/** What a person may type, said in every refusal so they can put it right first time. */
export const UK_DATE_FORMS =
  'write it day first, for example 31/01/2019, 31/01/19, 31 January 2019, 31 Jan 2019 or 2019-01-31 (a two-digit year 00–69 is 2000–2069, 70–99 is 1970–1999)';

/** The full year a two-digit year stands for: 00–69 → 2000–2069, 70–99 → 1970–1999. */
export function fullYear(twoOrFour: string): number {
  const year = Number(twoOrFour);
  if (twoOrFour.length === 4) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

/** The month a name or abbreviation stands for (1–12), or undefined: "Jan", "january", "Sept". */
export function monthNamed(name: string): number | undefined {
  const lower = name.toLowerCase();
  if (MONTH_ALIASES[lower]) return MONTH_ALIASES[lower];
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m === lower || (lower.length === 3 && m.startsWith(lower)));
  return index >= 0 ? index + 1 : undefined;
}

/**
 * The calendar date a person wrote, as YYYY-MM-DD; undefined when the text is not
 * written as a date at all (the caller may try another reading: a board date's
 * label, an ISO date-time). A date written properly but that does not exist
 * (31/02/2019, 29 Feb 2019) is refused as InvalidInput naming `field`.
 */
export function readUkDate(text: string, field: string): string | undefined {
  const value = text.trim();
  let parts: { day: number; month: number; year: number } | undefined;
  let match: RegExpExecArray | null;
  if ((match = ISO.exec(value))) parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  else if ((match = NUMERIC.exec(value))) parts = { day: Number(match[1]), month: Number(match[3]), year: fullYear(match[4]) };
  else if ((match = WORDS.exec(value))) {
    const month = monthNamed(match[2]);
    if (month === undefined) return undefined;
    parts = { day: Number(match[1]), month, year: fullYear(match[3]) };
  }
  if (!parts) return undefined;
  return isoOf(parts, value, field);
}

/** Why a day, month and year is not a day on the calendar ("February 2019 has 28 days"), or undefined when it is one. */
export function whyNotADay({ day, month, year }: { day: number; month: number; year: number }): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1) return `there is no day ${day}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day >= 1 && day <= days) return undefined;
  return `${MONTHS[month - 1].replace(/^./, (c) => c.toUpperCase())} ${year} has ${days} days`;
}

/** YYYY-MM-DD for a day, month and year, refusing a day that does not exist. */
export function isoOf(parts: { day: number; month: number; year: number }, written: string, field: string): string {
  const why = whyNotADay(parts);
  if (why) throw new InvalidInput(field, `"${written}" is not a real date: ${why}; ${UK_DATE_FORMS}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** A calendar date a person typed, as YYYY-MM-DD; anything else is refused, naming the field and saying what is accepted. */
export function humanDate(text: string, field: string): string {
  const iso = readUkDate(text, field);
  if (iso === undefined) throw new InvalidInput(field, `"${text}" is not a date; ${UK_DATE_FORMS}`);
  return iso;
}

/**
 * A date or an instant a person typed (an effective date, "as recorded at"): a
 * calendar date in any form above becomes YYYY-MM-DD, an ISO 8601 date-time
 * (2019-01-31T14:30:00Z, what a script or a copied `recordedAt` holds) passes as it is.
 */
export function humanDateOrInstant(text: string, field: string): string {
  const value = text.trim();
  if (DATE_TIME.test(value)) return value;
  const iso = readUkDate(value, field);
  if (iso === undefined) throw new InvalidInput(field, `"${text}" is not a date; ${UK_DATE_FORMS}, or a date and time such as 2019-01-31T14:30:00Z`);
  return iso;
}
