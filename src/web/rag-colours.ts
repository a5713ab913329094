import { RagScale } from '../domain/rag-scale';

/**
 * A RAG code shown as a GOV.UK tag in the scale's own colour, always with its
 * label (never colour alone). The colour comes from the plan, so the tag's
 * text colour is chosen here for contrast, and the colours reach the page
 * through a stylesheet rather than inline styles, which the CSP forbids.
 */
export interface RagTag {
  code: string;
  label: string;
  /** The CSS class carrying the colour, or '' when the scale's colour is not a hex colour we can check. */
  colourClass: string;
}

export { contrastRatio, normalisedHex, textColourOn } from '../domain/colour-contrast';
import { normalisedHex, textColourOn } from '../domain/colour-contrast';

export function colourClass(colour: string): string {
  const hex = normalisedHex(colour);
  return hex ? `app-rag-tag--${hex.slice(1)}` : '';
}

export function ragTag(scale: RagScale, code: string): RagTag {
  const found = scale.codes.find((c) => c.code === code);
  if (!found) return { code, label: code, colourClass: '' };
  return { code: found.code, label: found.label, colourClass: colourClass(found.colour) };
}

/** The href of the stylesheet that colours every code of the scale. */
export function ragStylesheetHref(scale: RagScale): string {
  const colours = [...new Set(scale.codes.map((c) => normalisedHex(c.colour)).filter((c): c is string => !!c).map((c) => c.slice(1)))].sort();
  return `/assets/rag-colours.css?c=${colours.join('.')}`;
}

/** The stylesheet itself: only well-formed hex colours get a rule, so nothing from the URL reaches the CSS unchecked. */
export function ragStylesheet(query: unknown): string {
  const list = typeof query === 'string' ? query.split('.') : [];
  return list
    .filter((c) => /^[0-9a-f]{6}$/.test(c))
    .slice(0, 64)
    .map((c) => `.govuk-tag.app-rag-tag--${c}{background-color:#${c};color:${textColourOn(`#${c}`)}}`)
    .join('\n');
}
