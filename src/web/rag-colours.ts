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

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const NEAR_BLACK = '#0b0c0c';
const WHITE = '#ffffff';

export function normalisedHex(colour: string): string | undefined {
  const value = colour.trim().toLowerCase();
  if (!HEX.test(value)) return undefined;
  return value.length === 4 ? `#${value[1]}${value[1]}${value[2]}${value[2]}${value[3]}${value[3]}` : value;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * GOV.UK's near-black or white text, whichever reads better on the background;
 * pure black for the few mid-tones where neither reaches 4.5:1 (black or white
 * always reaches at least 4.58:1, so any colour a plan chooses stays readable).
 */
export function textColourOn(background: string): string {
  const best = contrastRatio(background, NEAR_BLACK) >= contrastRatio(background, WHITE) ? NEAR_BLACK : WHITE;
  return contrastRatio(background, best) >= 4.5 ? best : '#000000';
}

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
