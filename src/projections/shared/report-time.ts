import { parseEffectiveDate } from '../../domain/effective-date';
import { InvalidInput } from '../../domain/errors';
import { humanDateOrInstant } from '../../domain/uk-date';

/**
 * A report date as users give it. A bare date means the end of that day: "the
 * plan as at 30 November" includes what the board agreed on the 30th. People type
 * these into query strings and CLI options, so UK forms (30/11/2016, 30 Nov 2016)
 * are read as well as ISO (src/domain/uk-date.ts).
 */
export function reportInstant(value: string | undefined, field: string, now = new Date()): string {
  if (value === undefined || value === '') return now.toISOString();
  const written = humanDateOrInstant(value, field);
  const instant = parseEffectiveDate(written, field);
  if (/^\d{4}-\d{2}-\d{2}$/.test(written)) instant.setUTCHours(23, 59, 59, 999);
  return instant.toISOString();
}

/** Both clocks of a read, with their defaults (now), checked. */
export function readClocks(asOf: string | undefined, knownAt: string | undefined, now = new Date()): { asOf: string; knownAt: string } {
  const clocks = { asOf: reportInstant(asOf, 'asOf', now), knownAt: reportInstant(knownAt, 'knownAt', now) };
  if (clocks.knownAt > now.toISOString() && knownAt && !/^\d{4}-\d{2}-\d{2}$/.test(humanDateOrInstant(knownAt, 'knownAt'))) {
    throw new InvalidInput('knownAt', 'is in the future; nothing has been recorded there yet');
  }
  return clocks;
}
