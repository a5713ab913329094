/* What a plan's timeline needs as it takes facts in: nothing here runs on a read. */

/** Freeze a parsed payload all the way down: snapshots share it, so nothing may change it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** An instant as milliseconds; the clocks and the facts are ISO 8601 instants, so this keeps their order. */
export function instant(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`"${text}" is not an instant`);
  return ms;
}

/**
 * The position a validKey ends with (`<validFrom>#<position, zero-padded>`, facts-from-event.ts):
 * the original event's, which a correction's replacement keeps, so with the effective instant it
 * orders versions as their validKeys do.
 */
export function effectivePositionOf(validKey: string): number {
  const position = Number(validKey.slice(validKey.lastIndexOf('#') + 1));
  if (!Number.isFinite(position)) throw new Error(`"${validKey}" is not a validKey`);
  return position;
}

/** Payload texts up to this length are parsed once per plan and the value shared (see PlanTimeline). */
export const SHARED_PAYLOAD_LENGTH = 40;
