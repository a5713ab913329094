import { lookAlikes } from '../../src/commands/shared/look-alikes';
import { LATIN_ONLY, readCode } from '../../src/domain/code-reading';
import { InvalidInput } from '../../src/domain/errors';
import { presetScale, RagScale, ratingCodes } from '../../src/domain/rag-scale';

/**
 * The policy for codes as people type and paste them (src/domain/code-reading.ts), with the
 * look-alikes the server uses: Unicode's confusables list and NFKC.
 */
describe('reading a code as typed', () => {
  const sunderland = presetScale('sunderland-5');
  const read = (typed: string, scale: RagScale = sunderland) => readCode(typed, scale.codes, 'code', lookAlikes, ratingCodes(scale));
  const refusal = (typed: string, scale: RagScale = sunderland): string => {
    try {
      read(typed, scale);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInput);
      expect((error as InvalidInput).problems[0].field).toBe('code');
      return (error as InvalidInput).problems[0].message;
    }
    throw new Error(`"${typed}" was read as a code`);
  };

  it('takes a code as it is, with nothing to say', () => {
    expect(read('DG')).toEqual({ code: expect.objectContaining({ code: 'DG' }) });
  });

  it('ignores case and surrounding spaces, says so, and keeps nothing as typed', () => {
    expect(read('dg ')).toEqual({ code: expect.objectContaining({ code: 'DG' }), note: '"dg " read as DG' });
    expect(read('\u00a0lG\t')).toMatchObject({ code: { code: 'LG' }, note: '"\u00a0lG\t" read as LG' });
    expect(read('a').asTyped).toBeUndefined();
  });

  it.each([
    ['А', 'A', 'U+0410, a Cyrillic letter'],
    ['С', 'C', 'U+0421, a Cyrillic letter'],
    ['Α', 'A', 'U+0391, a Greek letter'],
    ['Ａ', 'A', 'U+FF21, a fullwidth Latin letter'],
    ['Ｒ', 'R', 'U+FF32, a fullwidth Latin letter'],
    ['а', 'A', 'U+0430, a Cyrillic letter'],
    ['𝐀', 'A', 'U+1D400, a letter'],
  ])('takes %s as %s, keeping it as typed', (typed, code, described) => {
    expect(read(typed)).toEqual({ code: expect.objectContaining({ code }), asTyped: typed, note: `"${typed}" read as ${code}: "${typed}" (${described}) taken as ${code}` });
  });

  it('reads a code of two letters with one from another script, and a fullwidth pair', () => {
    // Cyrillic С is C, a letter of the completed code, but DC is no code.
    expect(refusal('DС')).toBe('"DС" is not on this plan\'s RAG scale: "С" (U+0421, a Cyrillic letter) looks like C; use one of R, A, LG, DG');
    expect(read('ＤＧ')).toMatchObject({ code: { code: 'DG' }, asTyped: 'ＤＧ' });
    expect(read('LԌ')).toMatchObject({ code: { code: 'LG' }, asTyped: 'LԌ', note: '"LԌ" read as LG: "Ԍ" (U+050C, a Cyrillic letter) taken as G' });
  });

  it('maps every Cyrillic and Greek capital that looks like a Latin one, and fullwidth A', () => {
    const latin = 'ACBEHKMOPTX';
    [...'АСВЕНКМОРТХ'].forEach((ch, i) => expect(lookAlikes(ch)).toContain(latin[i]));
    [...'ΑΒΕΗΚΜΟΡΤΧ'].forEach((ch, i) => expect(lookAlikes(ch)).toContain('ABEHKMOPTX'[i]));
    expect(lookAlikes('Ａ')).toEqual(['A']);
  });

  it('refuses a letter that looks like no code, naming it by code point and listing the codes', () => {
    expect(refusal('Ж')).toBe('"Ж" (U+0416, a Cyrillic letter) is not on this plan\'s RAG scale; use one of R, A, LG, DG');
    // Cyrillic Х looks like X, which is no letter of this scale.
    expect(refusal('Х')).toBe('"Х" (U+0425, a Cyrillic letter) is not on this plan\'s RAG scale; use one of R, A, LG, DG');
  });

  it('refuses emoji, invisible characters inside a code and combining marks, naming each', () => {
    expect(refusal('🟢')).toBe('"🟢" (U+1F7E2, an emoji) is not on this plan\'s RAG scale; use one of R, A, LG, DG');
    expect(refusal('A\u200b')).toBe('"A\u200b" is not on this plan\'s RAG scale: U+200B (an invisible formatting character) is not a letter of any code; use one of R, A, LG, DG');
    expect(refusal('\u200bA')).toContain('U+200B (an invisible formatting character) is not a letter of any code');
    expect(refusal('A\u0301')).toContain('U+0301 (a combining mark) is not a letter of any code');
    expect(refusal('Á')).toContain('"Á" (U+00C1, a Latin letter) is not on this plan\'s RAG scale');
  });

  it('never makes a code from a Latin letter that only changes case outside ASCII', () => {
    const scale: RagScale = { name: 's', codes: [{ code: 'SS', label: 'Sustained', colour: '#000' }, { code: 'S', label: 'Started', colour: '#111' }] };
    // "ß".toUpperCase() is "SS", but neither Unicode's list nor NFKC makes it SS.
    expect(refusal('ß', scale)).toContain('"ß" (U+00DF, a Latin letter) is not on this plan\'s RAG scale');
    // Long s is s by NFKC: taken, and kept as typed, like any other look-alike.
    expect(read('ſ', scale)).toMatchObject({ code: { code: 'S' }, asTyped: 'ſ' });
  });

  it('reads a capital in its own case: Cyrillic І is I, not L; and refuses a reading that names two codes', () => {
    const scale: RagScale = { name: 's', codes: [{ code: 'I', label: 'In hand', colour: '#111' }, { code: 'L', label: 'Late', colour: '#222' }] };
    expect(read('І', scale)).toMatchObject({ code: { code: 'I' }, asTyped: 'І' });
    expect(refusal('ІG')).toContain('"ІG" is not on this plan\'s RAG scale: "І" (U+0406, a Cyrillic letter) is not a letter of any code');
    // Mathematical small l has no case: it looks like l (L) and like I, so it is refused rather than guessed.
    expect(refusal('𝐥', scale)).toBe('"𝐥" could be read as I or L: it has letters from another script ("𝐥" (U+1D425, a letter)); type the code in Latin letters, use one of I, L');
  });

  it('reads nothing but Latin letters without look-alikes, and refuses an empty code', () => {
    expect(() => readCode('А', sunderland.codes, 'code', LATIN_ONLY)).toThrow(InvalidInput);
    expect(refusal('  ')).toBe('give a code; use one of R, A, LG, DG');
  });
});
