import { rectifyConfusion } from 'unicode-confusables';
import { LookAlikes } from '../../domain/code-reading';

/**
 * Which Latin letters or digits a character looks like, for reading codes
 * (src/domain/code-reading.ts holds the policy; the domain may import no package, so
 * the deciders are handed this function).
 *
 * Two of Unicode's own answers, nothing of ours:
 * - UTS #39's confusables list, through `unicode-confusables` (its confusables.txt as
 *   data): a character and a Latin letter are confusable when they have the same
 *   prototype ("skeleton"). So Cyrillic "С" is C, and Cyrillic "І" is I (whose prototype
 *   is "l", as is that of "l" and "1": the domain then keeps to the case the character is
 *   written in, and takes a reading only when it names one code of the scale).
 * - NFKC, for compatibility forms the list leaves out: fullwidth "Ｄ" (U+FF24) is D,
 *   mathematical bold "𝐀" is A.
 *
 * Why a library and not a table of our own: the list is Unicode's, 6,294 entries, and the
 * package is that list as data with nothing else; `confusables` (the other candidate) is a
 * hand-made list for profanity filters that also strips accents ("ü" is u) and turns
 * Cyrillic "Ж" into X, which would make a code out of letters that only resemble one.
 */
export const lookAlikes: LookAlikes = (character) => {
  const cached = known.get(character);
  if (cached) return cached;
  const alikes = new Set<string>();
  const prototype = skeleton(character);
  if (prototype !== character && prototype !== '') for (const latin of LATIN_BY_PROTOTYPE.get(prototype) ?? []) alikes.add(latin);
  const compatible = character.normalize('NFKC');
  if (compatible !== character && LATIN.includes(compatible)) alikes.add(compatible);
  const answer = [...alikes];
  if (known.size < 10_000) known.set(character, answer);
  return answer;
};

const LATIN = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

function skeleton(character: string): string {
  return rectifyConfusion(character.normalize('NFD'));
}

/** Each prototype of a Latin letter or digit, and the letters and digits that have it ("l": l, I, 1). */
const LATIN_BY_PROTOTYPE = LATIN.reduce((groups, latin) => {
  const prototype = skeleton(latin);
  groups.set(prototype, [...(groups.get(prototype) ?? []), latin]);
  return groups;
}, new Map<string, string[]>());

const known = new Map<string, readonly string[]>();
