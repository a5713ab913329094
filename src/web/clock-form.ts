import { FieldProblem } from '../domain/errors';
import { readUkDate } from '../domain/uk-date';
import { readsAsRecorded } from './role-names';
import { dateParts, DateParts, endOfLondonMinute, isBlank, isoFromParts, londonPartsOf, partsFromIso, readTimeOfDay } from './web-dates';

/**
 * The two clocks of every read (DESIGN §5) as the pages take them: "show the plan
 * as effective on" (asOf) and "as recorded at" (knownAt). Each comes either from
 * the three-box date input (asOf-day, asOf-month, asOf-year) or from a plain
 * asOf=… in a shared link, which may also be a board date's label ("Nov 16").
 */
export interface ClockChoice {
  asOf?: string;
  knownAt?: string;
  /** The time typed in the "as recorded at" box when it could not be read, to put back as typed. */
  knownAtTime?: string;
  problems: FieldProblem[];
}

export const CLOCK_FIELDS = {
  asOf: { anchor: 'asOf-day', label: 'The date the plan is shown as effective on' },
  knownAt: { anchor: 'knownAt-day', label: 'The date the record is shown as it stood' },
  knownAtTime: { anchor: 'knownAt-time', label: 'The time the record is shown as it stood' },
};

/**
 * "As recorded at" to the minute: the day boxes and, optionally, a time in UK time. A day alone is the
 * end of that day, as before; a time makes it the end of that minute (an inspector asks what the page
 * showed at 14:05, not on the whole day). The answer is an ISO instant, as a shared link would carry.
 */
function knownAtWithTime(query: Record<string, unknown>, day: { value?: string; problem?: FieldProblem }): { value?: string; problem?: FieldProblem } {
  const typed = typeof query['knownAt-time'] === 'string' ? (query['knownAt-time'] as string).trim() : '';
  if (!typed || day.problem) return day;
  // A refused time keeps the day (and the time as typed, below) in their boxes; the problem stops the read.
  if (!day.value || !/^\d{4}-\d{2}-\d{2}$/.test(day.value)) {
    return { value: day.value, problem: { field: 'knownAtTime', message: 'Enter the day as well as the time the record is shown as it stood' } };
  }
  const time = readTimeOfDay(typed);
  if (!time) return { value: day.value, problem: { field: 'knownAtTime', message: 'The time must be a real time of day in UK time, for example 14:05 or 2:05pm' } };
  return { value: endOfLondonMinute(day.value, time) };
}

function one(query: Record<string, unknown>, name: 'asOf' | 'knownAt', what: string): { value?: string; problem?: FieldProblem } {
  const parts = dateParts(query, name);
  if (!isBlank(parts)) {
    const { iso, problem } = isoFromParts(parts, name, what);
    return { value: iso, problem };
  }
  const plain = query[name];
  return { value: typeof plain === 'string' && plain.trim() ? plain.trim() : undefined };
}

export function readClocks(query: Record<string, unknown>): ClockChoice {
  const asOf = one(query, 'asOf', 'The date to show the plan on');
  const knownAt = knownAtWithTime(query, one(query, 'knownAt', 'The date to show the record as it stood'));
  const typedTime = typeof query['knownAt-time'] === 'string' ? (query['knownAt-time'] as string).trim().slice(0, 20) : '';
  return {
    asOf: asOf.value,
    knownAt: knownAt.value,
    ...(knownAt.problem?.field === 'knownAtTime' ? { knownAtTime: typedTime } : {}),
    problems: [asOf.problem, knownAt.problem].filter((p): p is FieldProblem => !!p),
  };
}

/** The query string that shows the same view again: for links between pages and to the downloads. */
export function clockQuery(clocks: { asOf?: string; knownAt?: string }, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...extra, asOf: clocks.asOf, knownAt: clocks.knownAt })) if (value) params.set(key, value);
  return params.toString();
}

/** What to put back in the date boxes: the date typed, the date a board label stands for, or nothing. */
export function boxesFor(value: string | undefined, boardDates: { label: string; date: string }[]): DateParts {
  if (!value) return { day: '', month: '', year: '' };
  const board = boardDates.find((p) => p.label.toLowerCase() === value.toLowerCase());
  return partsFromIso(board ? board.date : typedDay(value));
}

/** The "as recorded at" boxes: an instant (from the time box or a shared link) in UK time, with its time; a day as the other boxes show it. */
export function knownAtBoxes(value: string | undefined, boardDates: { label: string; date: string }[]): DateParts & { time: string } {
  if (value && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return londonPartsOf(value);
  return { ...boxesFor(value, boardDates), time: '' };
}

/** The day a shared link's asOf=25/07/2018 (or 2018-07-25) stands for, to put back in the boxes; the value as it is when it is no day. */
function typedDay(value: string): string {
  try {
    return readUkDate(value, 'asOf') ?? value;
  } catch {
    // A day that does not exist is reported by the read itself; the boxes stay empty.
    return value;
  }
}

/** The date controls of a page: what was asked for, put back in the boxes, and the board dates as one-click choices. */
export function clockView(boardDates: { label: string; date: string }[], clocks: { asOf?: string; knownAt?: string; knownAtTime?: string }, role: string, action: string) {
  return {
    action,
    asOf: clocks.asOf,
    knownAt: clocks.knownAt,
    asOfBoxes: boxesFor(clocks.asOf, boardDates),
    knownAtBoxes: clocks.knownAtTime !== undefined ? { ...knownAtBoxes(clocks.knownAt, boardDates), time: clocks.knownAtTime } : knownAtBoxes(clocks.knownAt, boardDates),
    showKnownAt: readsAsRecorded(role) || !!clocks.knownAt,
    boardDates: boardDates.map((p) => ({
      ...p,
      href: `${action}?${clockQuery({ asOf: p.label, knownAt: clocks.knownAt })}`,
      current: clocks.asOf?.toLowerCase() === p.label.toLowerCase(),
    })),
    todayHref: `${action}${clocks.knownAt ? `?${clockQuery({ knownAt: clocks.knownAt })}` : ''}`,
  };
}
