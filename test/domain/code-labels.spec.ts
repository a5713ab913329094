import { codeLabelled, labelsUnambiguous } from '../../src/domain/code-labels';
import { RAG_SCALE_PRESETS } from '../../src/domain/rag-scale';

/** A code typed by its label (issue 25): read only where the scale leaves no doubt which code a label means. */
describe('codes typed by their labels', () => {
  const sunderland = RAG_SCALE_PRESETS['sunderland-5'].codes;

  it('reads a label in any case, with spaces at the ends and between words, on the presets', () => {
    expect(codeLabelled('red', sunderland)?.code).toBe('R');
    expect(codeLabelled('  Dark   GREEN ', sunderland)?.code).toBe('DG');
    expect(codeLabelled('COMPLETED', RAG_SCALE_PRESETS['rag-completed'].codes)?.code).toBe('C');
    for (const preset of Object.values(RAG_SCALE_PRESETS)) expect(labelsUnambiguous(preset.codes)).toBe(true);
  });

  it('reads nothing that is no label: a part of one, or a label of another scale', () => {
    expect(codeLabelled('Green', sunderland)).toBeUndefined();
    expect(codeLabelled('Dark', sunderland)).toBeUndefined();
    expect(codeLabelled('', sunderland)).toBeUndefined();
  });

  it('reads no label at all on a scale where two codes share one, or a label is another code', () => {
    const shared = [
      { code: 'G1', label: 'Green' },
      { code: 'G2', label: 'green' },
      { code: 'R', label: 'Red' },
    ];
    expect(labelsUnambiguous(shared)).toBe(false);
    expect(codeLabelled('Red', shared)).toBeUndefined();
    const labelIsACode = [
      { code: 'G', label: 'Good' },
      { code: 'GOOD', label: 'Very good' },
      { code: 'R', label: 'Red' },
    ];
    expect(labelsUnambiguous(labelIsACode)).toBe(false);
    expect(codeLabelled('red', labelIsACode)).toBeUndefined();
  });
});
