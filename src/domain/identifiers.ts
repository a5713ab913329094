import { InvalidInput } from './errors';
import { LIMITS } from './limits';

// 2 to 63 characters, as before the limit was declared once (the input class allows LIMITS.id, this stays one short).
const PLAN_ID = new RegExp(`^[a-z0-9][a-z0-9-]{1,${LIMITS.id - 2}}$`);
/** References as users write them: "3.2", "NEW 1", "P8". */
const ACTION_REFERENCE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9 .]{0,${LIMITS.reference - 1}}$`);

export function requirePlanId(planId: string): string {
  if (!PLAN_ID.test(planId ?? '')) {
    throw new InvalidInput('planId', `"${planId}" is not a usable plan id; use lower-case letters, digits and dashes, e.g. sunderland-2017`);
  }
  return planId;
}

export function requireActionReference(reference: string): string {
  const trimmed = (reference ?? '').trim().replace(/\s+/g, ' ');
  if (!ACTION_REFERENCE.test(trimmed)) {
    throw new InvalidInput('reference', `"${reference}" is not a usable action reference; write it as in the plan, e.g. 3.2 or NEW 1`);
  }
  return trimmed;
}

export function planStreamId(planId: string): string {
  return `plan-${requirePlanId(planId)}`;
}

/**
 * An action's stream is named from its plan and reference, so adding "3.2" twice
 * to one plan collides on the stream and is refused, without a cross-stream lookup.
 */
export function actionStreamId(planId: string, reference: string): string {
  const slug = requireActionReference(reference).toLowerCase().replace(/ /g, '_');
  return `${actionStreamPrefix(planId)}${slug}`;
}

/** What every action stream id of a plan starts with: a plan's actions are one range of the stream index. */
export function actionStreamPrefix(planId: string): string {
  return `action-${requirePlanId(planId)}/`;
}
