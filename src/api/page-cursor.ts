import { InvalidInput } from '../domain/errors';

/**
 * Cursor paging for lists that grow (the log, the plans, an action's history): `limit` items after
 * the cursor `after`, and `next` — the cursor to pass for the following page — only when more
 * remain, so an answer without it is the end of the list for now. Query values arrive as text, or as an array
 * or object when repeated or bracketed (`x=1&x=2`, `x[a]=1`): anything but one plain value is a 400
 * naming the parameter.
 */
export function wholeNumber(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new InvalidInput(field, `${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

export function pageLimit(value: unknown, field: string, defaultLimit: number, max: number): number {
  if (value === undefined) return defaultLimit;
  const limit = wholeNumber(value, field);
  if (limit < 1 || limit > max) throw new InvalidInput(field, `ask for 1 to ${max} at a time, not ${limit}`);
  return limit;
}

/** One page of `items` (already in cursor order) after the item whose key is `after`. */
export function pageAfter<T, K>(items: readonly T[], keyOf: (item: T) => K, after: K | undefined, isAfter: (key: K, cursor: K) => boolean, limit: number): { page: T[]; next?: K } {
  const rest = after === undefined ? items : items.filter((item) => isAfter(keyOf(item), after));
  const page = rest.slice(0, limit);
  return rest.length > limit ? { page, next: keyOf(page[page.length - 1]) } : { page };
}
