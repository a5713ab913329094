import { resolveEffectiveTime } from '../domain/effective-date';
import { FieldProblem, InvalidInput } from '../domain/errors';
import { DateParts } from './web-dates';

/**
 * What the domain would refuse in an effective date (in the future, or backdated without a
 * reason), found before the check page so the form is still open to put it right rather than
 * the refusal coming only after "Check your answers". The domain still judges the post.
 */
export function effectiveDateProblems(iso: string | undefined, reason: string | undefined): FieldProblem[] {
  try {
    resolveEffectiveTime(iso, reason, new Date());
    return [];
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems;
    throw error;
  }
}

/** The three date boxes as typed, carried through the check page so "Change your answers" brings them back. */
export function carriedDate(boxes: DateParts): Record<string, string> {
  return { 'effectiveAt-day': boxes.day, 'effectiveAt-month': boxes.month, 'effectiveAt-year': boxes.year };
}
