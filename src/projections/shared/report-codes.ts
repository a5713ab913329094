import { RagCode, RagScale } from '../../domain/rag-scale';

/** The codes a report counts, worst first, with the completed code last: every code but TBC. */
export function ragCodesInOrder(scale: RagScale): RagCode[] {
  return scale.codes.filter((c) => !c.unrated);
}

/** Red and amber: rated, not on track, not completed. The codes the seed's "Red or Amber" tables list. */
const delayed = (c: RagCode) => !c.unrated && !c.terminal && !c.onTrack;

export function isDelayed(scale: RagScale, code: string): boolean {
  const found = scale.codes.find((c) => c.code === code);
  return !!found && delayed(found);
}

/** The scale's red and amber codes, for a report that asks of many actions. */
export function delayedCodes(scale: RagScale): ReadonlySet<string> {
  return new Set(scale.codes.filter(delayed).map((c) => c.code));
}
