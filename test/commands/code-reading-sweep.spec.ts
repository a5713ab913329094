import { lookAlikes } from '../../src/commands/shared/look-alikes';
import { codePoint, readCode } from '../../src/domain/code-reading';
import { InvalidInput } from '../../src/domain/errors';
import { presetScale, ratingCodes } from '../../src/domain/rag-scale';

/**
 * Code points typed as a rating on the Sunderland scale, alone and pasted after
 * "D": each is either read as one code (the input kept as typed unless it is the code in
 * other case or with spaces around it) or refused naming its code point and listing the codes.
 * Prints how many of each, for the README's reliability table.
 */
/**
 * The planes where letters and signs live (Basic Multilingual and Supplementary Multilingual)
 * and the tags and variation selectors of plane 14, invisible ones a paste can carry; the rest
 * (CJK ideographs, private use, unassigned) holds nothing like a Latin letter, and sweeping
 * it took six minutes on a busy machine (an InvalidInput each).
 */
const POINTS = [...range(0, 0x1ffff), ...range(0xe0000, 0xe0fff)].filter((p) => p < 0xd800 || p > 0xdfff);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('every code point typed as a rating code', () => {
  const scale = presetScale('sunderland-5');
  const listed = ratingCodes(scale);

  it('is read as exactly one code of the scale, or refused naming it', () => {
    const taken = new Map<string, string[]>();
    let refused = 0;
    let refusedInside = 0;
    let takenInside = 0;
    for (const point of POINTS) {
      const ch = String.fromCodePoint(point);
      try {
        const read = readCode(ch, scale.codes, 'code', lookAlikes, listed);
        taken.set(read.code.code, [...(taken.get(read.code.code) ?? []), ch]);
        if (/^[A-Za-z]$/.test(ch)) expect(read.asTyped).toBeUndefined();
        else if (ch.trim() !== '') expect(read.asTyped).toBe(ch);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInput);
        const message = (error as InvalidInput).problems[0].message;
        // White space alone is "give a code"; anything else names itself or is plain ASCII shown as typed.
        if (ch.trim() === '') expect(message).toContain('give a code');
        else if (point > 0x7e) expect(message).toContain(codePoint(ch));
        expect(message).toContain('use one of R, A, LG, DG');
        refused += 1;
      }
      // Pasted after "D": DG when it looks like G, else refused; never D alone, whatever it is.
      if (point > 0x7f && !/^\s$/u.test(ch)) {
        try {
          const read = readCode(`D${ch}`, scale.codes, 'code', lookAlikes, listed);
          expect(read).toMatchObject({ code: { code: 'DG' }, asTyped: `D${ch}` });
          takenInside += 1;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInput);
          refusedInside += 1;
        }
      }
    }
    const summary = [...taken.entries()].map(([code, chars]) => `${code} ×${chars.length} (${chars.filter((c) => !/^[A-Za-z]$/.test(c)).map(codePoint).join(' ')})`).join('; ');
    process.stdout.write(`code points typed alone on sunderland-5: taken ${[...taken.values()].flat().length} — ${summary}; refused ${refused}\n`);
    process.stdout.write(`code points beyond ASCII pasted after "D": taken as DG ${takenInside}, refused ${refusedInside}\n`);
    // R, A and C in both cases and their look-alikes; nothing is taken as LG or DG from one character.
    expect([...taken.keys()].sort()).toEqual(['A', 'C', 'R']);
    expect(taken.get('C')).toContain('С');
  });
});
