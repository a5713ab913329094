import { normalisedHex, textColourOn } from '../../domain/colour-contrast';

/**
 * Stacked bar charts of RAG counts, drawn on the server as SVG: no script, so they show as the
 * page is sent, and the CSP stays as it is (colours are SVG presentation attributes, not styles).
 * The chart and the table beside it are made from the same bars, which are made from the report's
 * own rows, so the picture cannot say something the table does not. Colour is never alone: every
 * segment wide enough carries its count, the key names each colour, and the table has every figure.
 */

export interface ChartCode {
  code: string;
  label: string;
  colour: string;
}

/** One row of a report as the chart takes it: counts by RAG code, and those not yet rated. */
export interface CountsRow {
  label: string;
  counts: Record<string, number>;
  unrated?: number;
}

export interface ChartSegment extends ChartCode {
  count: number;
}

export interface ChartBar {
  label: string;
  segments: ChartSegment[];
  total: number;
}

export interface RagBarChart {
  id: string;
  title: string;
  /** The columns of the table beside the chart: the scale's codes, then "Not yet rated" when any bar has some. */
  codes: ChartCode[];
  bars: ChartBar[];
  svg: string;
  /** The picture's size in its own units (the SVG's viewBox), and its filled rectangles, for a raster copy. */
  size: { width: number; height: number };
  rects: ChartRect[];
}

/** "Not yet rated" is drawn in GOV.UK's mid grey, with its words in the key and the table. */
export const NOT_YET_RATED: ChartCode = { code: 'not-rated', label: 'Not yet rated', colour: '#b1b4b6' };

const WIDTH = 640;
const LABEL_WIDTH = 150;
const BAR_AREA = WIDTH - LABEL_WIDTH - 50;
const BAR_HEIGHT = 26;
const BAR_GAP = 12;
const KEY_ROW = 22;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A colour fit for an SVG attribute: the scale's hex colour, or grey when it is not one we can check. */
export function safeColour(colour: string): string {
  return normalisedHex(colour) ?? '#b1b4b6';
}

/** The bars of a chart from a report's rows: one function, so the chart and its table cannot disagree. */
export function barsFrom(rows: CountsRow[], codes: ChartCode[]): { codes: ChartCode[]; bars: ChartBar[] } {
  const withUnrated = rows.some((r) => (r.unrated ?? 0) > 0) ? [...codes, NOT_YET_RATED] : codes;
  const bars = rows.map((row) => {
    const segments = withUnrated.map((c) => ({ ...c, count: c === NOT_YET_RATED ? (row.unrated ?? 0) : (row.counts[c.code] ?? 0) }));
    return { label: row.label, segments, total: segments.reduce((n, s) => n + s.count, 0) };
  });
  return { codes: withUnrated, bars };
}

/** A filled rectangle of the chart: what the SVG draws, and what the Word file's fallback picture paints. */
export interface ChartRect {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

/** A horizontal stacked bar chart: one bar per row, a segment per RAG code in the scale's order, the total at the end. */
export function ragBarChart(id: string, title: string, rows: CountsRow[], codes: ChartCode[]): RagBarChart {
  const { codes: columns, bars } = barsFrom(rows, codes);
  const most = Math.max(1, ...bars.map((b) => b.total));
  const scale = BAR_AREA / most;
  const keyRows = Math.ceil(columns.length / 3);
  const barsTop = 10 + keyRows * KEY_ROW + 10;
  const height = barsTop + bars.length * (BAR_HEIGHT + BAR_GAP) + 10;
  const rects: ChartRect[] = [];
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="${escapeXml(id)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${escapeXml(id)}-title" data-chart="rag-bars">`,
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}. The same figures are in the table that follows.</title>`,
  );
  // The key: a swatch and the code's words for every colour used.
  columns.forEach((c, i) => {
    const x = (i % 3) * 210;
    const y = 10 + Math.floor(i / 3) * KEY_ROW;
    rects.push({ x, y, width: 14, height: 14, fill: safeColour(c.colour) });
    parts.push(
      `<g class="app-chart__key"><rect x="${x}" y="${y}" width="14" height="14" fill="${safeColour(c.colour)}" stroke="#0b0c0c" stroke-width="1"/>` +
        `<text x="${x + 20}" y="${y + 12}" font-size="14" fill="#0b0c0c">${escapeXml(c.code === NOT_YET_RATED.code ? c.label : `${c.label} (${c.code})`)}</text></g>`,
    );
  });
  bars.forEach((bar, i) => {
    const y = barsTop + i * (BAR_HEIGHT + BAR_GAP);
    parts.push(`<g class="app-chart__bar" data-label="${escapeXml(bar.label)}" data-total="${bar.total}">`);
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2 + 5}" font-size="14" text-anchor="end" fill="#0b0c0c">${escapeXml(bar.label)}</text>`);
    let x = LABEL_WIDTH;
    for (const s of bar.segments) {
      if (s.count === 0) continue;
      const width = s.count * scale;
      const fill = safeColour(s.colour);
      rects.push({ x, y, width, height: BAR_HEIGHT, fill });
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${fill}" stroke="#ffffff" stroke-width="1" data-code="${escapeXml(s.code)}" data-count="${s.count}">` +
          `<title>${escapeXml(`${bar.label}: ${s.count} ${s.label}`)}</title></rect>`,
      );
      // The count written on its segment where it fits, in the colour that reads on it.
      if (width >= 18) parts.push(`<text x="${(x + width / 2).toFixed(1)}" y="${y + BAR_HEIGHT / 2 + 5}" font-size="13" text-anchor="middle" fill="${textColourOn(fill)}" aria-hidden="true">${s.count}</text>`);
      x += width;
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + BAR_HEIGHT / 2 + 5}" font-size="14" fill="#0b0c0c">${bar.total}</text>`);
    parts.push('</g>');
  });
  parts.push('</svg>');
  return { id, title, codes: columns, bars, svg: parts.join(''), size: { width: WIDTH, height }, rects };
}

/**
 * The chart in words, for a document's alternative text: every bar's figures, so a reader who cannot
 * see the picture loses nothing ("Jan 20: 1 Red, 1 Amber, 1 Green (3 in all)").
 */
export function chartInWords(chart: RagBarChart): string {
  const bars = chart.bars.map((bar) => `${bar.label}: ${bar.segments.filter((s) => s.count > 0).map((s) => `${s.count} ${s.label}`).join(', ') || 'none'} (${bar.total} in all)`);
  return `${chart.title}. Stacked bar chart. ${bars.join('; ')}.`;
}
