import { InvalidInput } from './errors';

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An effective date as users give it: a calendar date (the board meeting) or an instant. */
export function parseEffectiveDate(value: string, field = 'effectiveAt'): Date {
  if (!DATE_ONLY.test(value) && !DATE_TIME.test(value)) {
    throw new InvalidInput(field, `"${value}" is not a date; use YYYY-MM-DD (e.g. 2017-02-01) or an ISO 8601 date-time`);
  }
  const parsed = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(parsed.getTime()) || (DATE_ONLY.test(value) && parsed.toISOString().slice(0, 10) !== value)) {
    throw new InvalidInput(field, `"${value}" is not a real calendar date`);
  }
  return parsed;
}

export interface EffectiveTime {
  effectiveAt: string;
  reason?: string;
}

/**
 * Decide the valid time of a change. It defaults to now, may be earlier (a
 * backdated entry, which needs a reason so an inspector can see why), and may
 * never be later: the system records what has happened, not what is planned.
 */
export function resolveEffectiveTime(given: string | undefined, reason: string | undefined, now: Date): EffectiveTime {
  const cleanReason = reason?.trim() ? reason.trim() : undefined;
  if (given === undefined || given === '') return { effectiveAt: now.toISOString(), reason: cleanReason };
  const effective = parseEffectiveDate(given);
  if (effective.getTime() > now.getTime()) {
    throw new InvalidInput(
      'effectiveAt',
      `${given} is in the future (today is ${now.toISOString().slice(0, 10)}); record a change on or after the date it takes effect`,
    );
  }
  if (isBackdated(effective, now) && !cleanReason) {
    throw new InvalidInput(
      'reason',
      `the change is backdated to ${given}; give a reason (e.g. "agreed at the Improvement Board on ${given}, entered late")`,
    );
  }
  return { effectiveAt: effective.toISOString(), reason: cleanReason };
}

/** Backdated means effective on an earlier calendar day (UTC) than the day it is recorded. */
export function isBackdated(effective: Date, now: Date): boolean {
  return effective.toISOString().slice(0, 10) < now.toISOString().slice(0, 10);
}

/** `date` plus whole calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result;
}

/** A due date: a calendar date only, kept as YYYY-MM-DD. */
export function parseDueDate(value: string, field = 'dueDate'): string {
  if (!DATE_ONLY.test(value)) throw new InvalidInput(field, `"${value}" is not a date; use YYYY-MM-DD (e.g. 2017-03-31)`);
  parseEffectiveDate(value, field);
  return value;
}
