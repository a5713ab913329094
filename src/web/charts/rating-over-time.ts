import { RagScale } from '../../domain/rag-scale';
import { RatingHistory } from '../../projections/rating-history/rating-history';
import { displayEffective } from '../web-dates';
import { escapeXml, safeColour } from '../../reports/render/rag-bar-chart';
import { textColourOn } from '../../domain/colour-contrast';

/** One stretch of an action's rating: from when it took effect, until the next (or the date shown). */
export interface RatingStep {
  from: string;
  until: string;
  code: string;
  label: string;
  colour: string;
}

export interface RatingOverTime {
  id: string;
  title: string;
  steps: RatingStep[];
  svg: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 170;
const LANE = 30;

/**
 * The rating's stretches from the action's history, the same entries the timeline lists: each rating
 * entry in effective order, a correction putting its code in place of the entry it corrects (the
 * corrected one stays on record, but the action stood at the corrected rating from that date).
 */
export function ratingSteps(history: RatingHistory, scale: RagScale): RatingStep[] {
  const rated = history.entries.filter((e) => e.code !== undefined);
  const corrections = new Map(rated.filter((e) => e.correctsEventId).map((e) => [e.correctsEventId!, e.code!]));
  const stands = rated
    .filter((e) => !e.correctsEventId)
    .map((e) => ({ at: e.effectiveAt, position: e.position, code: corrections.get(e.eventId) ?? e.code! }))
    .sort((a, b) => (a.at === b.at ? a.position - b.position : a.at < b.at ? -1 : 1));
  const steps: RatingStep[] = [];
  for (const [i, s] of stands.entries()) {
    // Two entries effective at the same moment: the later recorded stands.
    if (stands[i + 1]?.at === s.at) continue;
    const found = scale.codes.find((c) => c.code === s.code);
    steps.push({ from: s.at, until: '', code: s.code, label: found?.label ?? s.code, colour: found?.colour ?? '#b1b4b6' });
  }
  steps.forEach((step, i) => (step.until = steps[i + 1]?.from ?? history.asOf));
  return steps.filter((step) => step.from <= history.asOf);
}

/**
 * The action's rating over time as a step chart: one lane per code of the scale, named in words on the
 * left, best at the top; each stretch a bar in its lane from when it took effect to the next change.
 */
export function ratingOverTime(history: RatingHistory, scale: RagScale): RatingOverTime | undefined {
  const steps = ratingSteps(history, scale);
  if (steps.length === 0) return undefined;
  const id = `rating-over-time-${history.reference.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const title = `The rating of action ${history.reference} over time, to ${displayEffective(history.asOf)}`;
  const lanes = [...scale.codes].reverse();
  const start = Date.parse(steps[0].from);
  const end = Math.max(Date.parse(history.asOf), start + 86400000);
  const x = (iso: string) => LABEL_WIDTH + ((Date.parse(iso) - start) / (end - start)) * (WIDTH - LABEL_WIDTH - 10);
  const height = lanes.length * LANE + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="${escapeXml(id)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${escapeXml(id)}-title" data-chart="rating-over-time">`,
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}. The same dates and ratings are in the table that follows.</title>`,
  ];
  lanes.forEach((c, i) => {
    const y = i * LANE + 5;
    parts.push(`<line x1="${LABEL_WIDTH}" x2="${WIDTH - 10}" y1="${y + LANE / 2}" y2="${y + LANE / 2}" stroke="#b1b4b6" stroke-dasharray="2 4"/>`);
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + LANE / 2 + 5}" font-size="14" text-anchor="end" fill="#0b0c0c">${escapeXml(`${c.label} (${c.code})`)}</text>`);
  });
  for (const step of steps) {
    const lane = lanes.findIndex((c) => c.code === step.code);
    const y = (lane < 0 ? lanes.length - 1 : lane) * LANE + 8;
    const x1 = x(step.from);
    const width = Math.max(3, x(step.until) - x1);
    const fill = safeColour(step.colour);
    parts.push(
      `<rect x="${x1.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${LANE - 6}" fill="${fill}" stroke="#0b0c0c" stroke-width="1" data-code="${escapeXml(step.code)}" data-from="${escapeXml(step.from)}">` +
        `<title>${escapeXml(`${step.label} from ${displayEffective(step.from)}`)}</title></rect>`,
    );
    if (width >= 40) parts.push(`<text x="${(x1 + 4).toFixed(1)}" y="${y + LANE / 2 + 2}" font-size="13" fill="${textColourOn(fill)}" aria-hidden="true">${escapeXml(step.code)}</text>`);
  }
  const axisY = lanes.length * LANE + 25;
  parts.push(`<text x="${LABEL_WIDTH}" y="${axisY}" font-size="13" fill="#0b0c0c">${escapeXml(displayEffective(steps[0].from))}</text>`);
  parts.push(`<text x="${WIDTH - 10}" y="${axisY}" font-size="13" text-anchor="end" fill="#0b0c0c">${escapeXml(displayEffective(history.asOf))}</text>`);
  parts.push('</svg>');
  return { id, title, steps, svg: parts.join('') };
}
