/**
 * Text that stays readable on a plan's own RAG colours: the colour maths of WCAG 2, shared by
 * the web pages (tags) and the Word export (shaded cells), so both choose the same text colour.
 */
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

