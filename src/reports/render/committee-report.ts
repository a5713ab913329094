import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { heading, wordsOf } from '../../domain/plan/plan-words';
import { svgToPng } from './svg-to-png';
import { chartInWords } from './rag-bar-chart';
import { ReportDocument, ReportFigure, ReportTable } from './report-tables';
import { priorityMovement } from './summary-charts';

/**
 * The committee report: its title, the two positions it compares and when it was known, then
 * the tables of the sections the board chose (by default as the seeds lay it out: Table 1, per
 * priority the Previous vs Current and Red/Amber tables, the actions to be added, the actions
 * agreed as complete).
 */
export function committeeReport(planTitle: string, summary: RagSummary, tables: ReportTable[]): ReportDocument {
  const [a, b] = summary.columns;
  return {
    title: `${planTitle}: progress report`,
    subtitle: `Position at ${b.label} (${b.asOf.slice(0, 10)}) compared with ${a.label} (${a.asOf.slice(0, 10)}); every table derived from the recorded events as known at ${b.knownAt.slice(0, 16).replace('T', ' ')} UTC.`,
    tables,
    figures: tables.some((t) => t.title.startsWith('Table 1')) ? [movementFigure(summary, tables.find((t) => t.title.startsWith('Table 1'))!.title)] : [],
  };
}

/**
 * Table 1 as a picture, after it: each group's ratings at the two dates, drawn by the same function as the
 * summary page's chart from the same report. The SVG gets a fixed size for Word (the page's is fluid).
 */
function movementFigure(summary: RagSummary, afterTable: string): ReportFigure {
  const chart = priorityMovement(summary, heading(wordsOf(summary).group.singular));
  const width = 600;
  const height = Math.round((chart.size.height * width) / chart.size.width);
  const fixedSize = chart.svg.replace('width="100%"', `width="${chart.size.width}" height="${chart.size.height}"`);
  return {
    afterTable,
    title: chart.title,
    altText: chartInWords(chart),
    svg: fixedSize,
    png: svgToPng(fixedSize),
    width,
    height,
  };
}
