/**
 * Order two strings by UTF-16 code units, as `<` does: for the fixed-width ISO 8601
 * instants and validKeys of the log, that is time order. Preferred to localeCompare,
 * which goes through the ICU collator for every pair of a sort on the read path.
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
