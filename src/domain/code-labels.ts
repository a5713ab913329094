/** A code on a scale with its label (rag-scale.ts's RagCode, named by shape so the two files do not import each other). */
interface LabelledCode {
  code: string;
  label: string;
}

/**
 * A code typed by its label, "Red" or "dark green" for R or DG (issue 25). People who read a
 * board report see the labels, and type what they see. A label is read as its code only when
 * the plan's scale is unambiguous: no two codes share a label, and no label is another code's
 * code (whatever the case, spaces at the ends and between words ignored). On such a scale a
 * label can mean one code only, so reading it loses nothing, and the caller is told how it was
 * read. On a scale where it is not (a custom scale with "Good" for G and a code GOOD, or two
 * codes both labelled "Green"), no label is read at all: a guess could record the wrong rating,
 * and the codes are listed instead.
 *
 * Codes are matched first (code-reading.ts); this is asked only when the input is no code.
 */
export function codeLabelled<C extends LabelledCode>(typed: unknown, codes: readonly C[]): C | undefined {
  if (typeof typed !== 'string') return undefined;
  const wanted = fold(typed);
  if (wanted === '') return undefined;
  const named = codes.filter((c) => fold(c.label) === wanted);
  return named.length === 1 && labelsUnambiguous(codes) ? named[0] : undefined;
}

/** Every label names one code, and no label is a code. */
export function labelsUnambiguous(codes: readonly LabelledCode[]): boolean {
  const labels = codes.map((c) => fold(c.label));
  const codeNames = new Set(codes.map((c) => fold(c.code)));
  return new Set(labels).size === labels.length && labels.every((label) => label !== '' && !codeNames.has(label));
}

/** Case and spacing as people vary them; only Latin letters change case, as for codes (code-reading.ts). */
function fold(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}
