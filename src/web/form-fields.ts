import { FieldProblem, NotPermitted } from '../domain/errors';
import { RATERS } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { FieldDescription } from './form-errors';
import { roleName } from './role-names';
import { dateParts, DateParts, isoFromParts } from './web-dates';

/** When a change took effect, and why if that was an earlier day: on every form that records something. */
export const EFFECTIVE_FIELDS: Record<string, FieldDescription> = {
  effectiveAt: { anchor: 'effectiveAt-day', label: 'The date it took effect' },
  reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter the reason' },
};

/** The effective date typed in the three boxes (blank: now). */
export function effectiveDate(body: unknown): { boxes: DateParts; iso?: string; problem?: FieldProblem } {
  const boxes = dateParts((body ?? {}) as Record<string, unknown>, 'effectiveAt');
  return { boxes, ...isoFromParts(boxes, 'effectiveAt', 'The date it took effect') };
}

/** The optional fields of a command, left out when empty so the domain sees exactly what was given. */
export function given(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function mayRate(caller: ActorRef): boolean {
  return (RATERS as readonly string[]).includes(caller.role);
}

/** The forms are not offered to other roles; opened by their address, they are refused up front (the domain refuses the post too). */
export function requireRater(caller: ActorRef, doing: string): void {
  if (!mayRate(caller)) {
    throw new NotPermitted(`${caller.id} (${roleName(caller.role)}) may not ${doing}; only action leads and the Improvement Board may. Inspectors and auditors can read the plan and its history but not change it`);
  }
}
