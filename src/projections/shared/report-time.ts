import { parseEffectiveDate } from '../../domain/effective-date';
import { InvalidInput } from '../../domain/errors';

/**
 * A report date as users give it. A bare date means the end of that day: "the
 * plan as at 30 November" includes what the board agreed on the 30th.
 */
export function reportInstant(value: string | undefined, field: string, now = new Date()): string {
  if (value === undefined || value === '') return now.toISOString();
  const instant = parseEffectiveDate(value, field);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) instant.setUTCHours(23, 59, 59, 999);
  return instant.toISOString();
}

/** Both clocks of a read, with their defaults (now), checked. */
export function readClocks(asOf: string | undefined, knownAt: string | undefined, now = new Date()): { asOf: string; knownAt: string } {
  const clocks = { asOf: reportInstant(asOf, 'asOf', now), knownAt: reportInstant(knownAt, 'knownAt', now) };
  if (clocks.knownAt > now.toISOString() && knownAt && !/^\d{4}-\d{2}-\d{2}$/.test(knownAt)) {
    throw new InvalidInput('knownAt', 'is in the future; nothing has been recorded there yet');
  }
  return clocks;
}
