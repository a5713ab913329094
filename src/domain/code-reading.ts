import { InvalidInput } from './errors';

/** A code on a scale (rag-scale.ts's RagCode; named by shape here so the two files do not import each other). */
interface ScaleCode {
  code: string;
}

/**
 * How a code is read as people type and paste it (issue 22, item 8), in one place for
 * every door (API, web forms, CLI, CSV/XLSX import), because every door's code reaches a
 * decider:
 *
 * - Surrounding spaces (Unicode white space, what String.trim removes) and the case of
 *   Latin letters are ignored: "dg " is DG. The caller is told, nothing is kept.
 * - A character from another script that Unicode's confusables list (UTS #39), or its
 *   compatibility form (NFKC: fullwidth, mathematical letters), gives as a letter or digit
 *   of a code on this plan's scale is taken as that letter: Cyrillic "С" is C. Only when the
 *   input can be read as exactly one code of the scale. The input as typed is kept in the
 *   event and the caller is told.
 * - Anything else is refused, naming the characters that matched no code by code point and
 *   listing the codes.
 *
 * The domain imports no package, so which Latin letters a character looks like is asked
 * of a LookAlikes function the command side supplies (src/commands/shared/look-alikes.ts).
 */
export type LookAlikes = (character: string) => readonly string[];

/** No look-alikes at all: only Latin letters and digits are read. */
export const LATIN_ONLY: LookAlikes = () => [];

export interface CodeRead<C extends ScaleCode = ScaleCode> {
  code: C;
  /** The input exactly as typed, when a character from another script was taken for a Latin one. */
  asTyped?: string;
  /** What to tell the caller when the input was not the code exactly, e.g. `"dg " read as DG`. */
  note?: string;
}

/** The caller's note, for a decision: `{ notes: [...] }` when the input was not the code exactly, else nothing. */
export function notesOf(...reads: (CodeRead | undefined)[]): { notes?: string[] } {
  const notes = reads.flatMap((read) => (read?.note ? [read.note] : []));
  return notes.length > 0 ? { notes } : {};
}

/** Printable ASCII, which holds every code a scale may have (rag-scale.ts): never reinterpreted, only the case of its letters ignored. */
const PLAIN = /^[\x21-\x7e]$/;

/**
 * Read what a person typed as one of `codes` (the codes that may be given here; `listed` are
 * the ones a refusal offers, e.g. only those a rating change may set). Throws InvalidInput on
 * `field` when it cannot be read as exactly one of them.
 */
export function readCode<C extends ScaleCode>(typed: string, codes: readonly C[], field: string, lookAlikes: LookAlikes, listed: readonly ScaleCode[] = codes): CodeRead<C> {
  const text = typeof typed === 'string' ? typed.trim() : '';
  const offer = `use one of ${listed.map((c) => c.code).join(', ')}`;
  if (text === '') throw new InvalidInput(field, `give a code; ${offer}`);
  const characters = [...text];
  const exact = codes.find((c) => asciiUpper(c.code) === asciiUpper(text) && characters.every((ch) => PLAIN.test(ch)));
  if (exact) return exact.code === typed ? { code: exact } : { code: exact, note: `"${typed}" read as ${exact.code}` };

  const readings = codes.filter((c) => readsAs(characters, c.code, lookAlikes));
  if (readings.length === 1) {
    const code = readings[0];
    const taken = characters.filter((ch) => !PLAIN.test(ch)).map((ch) => `${nameOf(ch)} taken as ${latinFor(ch, code.code, characters, lookAlikes)}`);
    return { code, asTyped: typed, note: `"${typed}" read as ${code.code}: ${[...new Set(taken)].join(', ')}` };
  }
  if (readings.length > 1) {
    throw new InvalidInput(field, `"${typed}" could be read as ${readings.map((c) => c.code).join(' or ')}: it has letters from another script (${unusual(characters)}); type the code in Latin letters, ${offer}`);
  }
  // Every character that is not plain ASCII is named by its code point: those like no letter of any code, and those that look like one but make no code here.
  const unusualOnes = [...new Set(characters.filter((ch) => !PLAIN.test(ch)))];
  if (characters.length === 1 && unusualOnes.length === 1) throw new InvalidInput(field, `${nameOf(unusualOnes[0])} is not on this plan's RAG scale; ${offer}`);
  const strangers = unusualOnes.filter((ch) => !codes.some((c) => [...c.code].some((k) => looksLike(ch, k, lookAlikes))));
  const alike = unusualOnes.filter((ch) => !strangers.includes(ch));
  const parts = [
    ...(strangers.length > 0 ? [`${strangers.map(nameOf).join(', ')} ${strangers.length > 1 ? 'are not letters' : 'is not a letter'} of any code`] : []),
    ...alike.map((ch) => `${nameOf(ch)} looks like ${lookAlikes(ch).join(' or ')}`),
  ];
  throw new InvalidInput(field, `"${typed}" is not on this plan's RAG scale${parts.length > 0 ? `: ${parts.join('; ')}` : ''}; ${offer}`);
}

/** Each character is the code's letter at that place: a Latin one in either case, or one from another script that looks like it. */
function readsAs(characters: string[], code: string, lookAlikes: LookAlikes): boolean {
  const letters = [...code];
  return letters.length === characters.length && characters.every((ch, i) => (PLAIN.test(ch) ? asciiUpper(ch) === asciiUpper(letters[i]) : looksLike(ch, letters[i], lookAlikes)));
}

/**
 * Whether a character from another script looks like a code's letter, in the case it is
 * written in: a capital like the capital (Cyrillic "І" is I, not L), a small letter like
 * the small one (Cyrillic "а" is a), a caseless sign like either.
 */
function looksLike(character: string, letter: string, lookAlikes: LookAlikes): boolean {
  const alikes = lookAlikes(character);
  if (alikes.length === 0) return false;
  const capital = character.toLowerCase() !== character;
  const small = character.toUpperCase() !== character;
  const forms = capital ? [asciiUpper(letter)] : small ? [letter.toLowerCase()] : [asciiUpper(letter), letter.toLowerCase()];
  return forms.some((form) => alikes.includes(form));
}

function latinFor(character: string, code: string, characters: string[], lookAlikes: LookAlikes): string {
  return [...code][characters.indexOf(character)] ?? lookAlikes(character)[0] ?? '?';
}

/** Only Latin letters change case here: "ß".toUpperCase() is "SS" and "ı".toUpperCase() is "I", which must not make codes. */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]/g, (ch) => ch.toUpperCase());
}

function unusual(characters: string[]): string {
  return [...new Set(characters.filter((ch) => !PLAIN.test(ch)))].map(nameOf).join(', ');
}

/**
 * A character as a person can see it in a message: `"Ж" (U+0416, a Cyrillic letter)`, and an
 * invisible or combining one by its code point alone: `U+200B (an invisible formatting character)`.
 */
export function nameOf(character: string): string {
  return /^[\p{M}\p{C}\p{Z}\s]$/u.test(character) ? `${codePoint(character)} (${kindOf(character)})` : `"${character}" (${codePoint(character)}, ${kindOf(character)})`;
}

export function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic', 'Georgian', 'Hebrew', 'Arabic', 'Lisu', 'Canadian_Aboriginal', 'Han', 'Hiragana', 'Katakana', 'Hangul'];
const SCRIPT_TESTS = SCRIPTS.map((script) => ({ name: script.replace(/_/g, ' '), test: new RegExp(`^\\p{Script=${script}}$`, 'u') }));

/** What kind of character it is: Node has no table of Unicode character names, so its script or kind is said instead. */
function kindOf(character: string): string {
  {
    if (/^\p{Extended_Pictographic}$/u.test(character)) return 'an emoji';
    if (/^\p{M}$/u.test(character)) return 'a combining mark';
    if (/^\p{Cf}$/u.test(character)) return 'an invisible formatting character';
    if (/^[\p{Z}\s]$/u.test(character)) return 'a space';
    if (/^\p{C}$/u.test(character)) return 'a control character';
    const script = SCRIPT_TESTS.find((s) => s.test.test(character))?.name;
    const what = /^\p{L}$/u.test(character) ? 'letter' : /^\p{N}$/u.test(character) ? 'digit' : 'sign';
    if (!script) return `a ${what}`;
    const width = /^[\uFF01-\uFF5E]$/.test(character) ? 'fullwidth ' : '';
    return `${/^[AEIOU]/.test(width || script) ? 'an' : 'a'} ${width}${script} ${what}`;
  }
}
