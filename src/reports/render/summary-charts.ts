import { RagSummary } from '../../projections/rag-summary/rag-summary';
import { CountsRow, ragBarChart, RagBarChart } from './rag-bar-chart';

/** Which of Table 1's two columns a row's figures come from. */
type Column = 0 | 1;

/** The plan's totals in one column of Table 1 (the RAG summary report), as one row of a chart. */
export function totalsRow(summary: RagSummary, column: Column, label = summary.columns[column].label): CountsRow {
  return { label, counts: Object.fromEntries(summary.codes.map((c) => [c.code, summary.totals.counts[c.code][column]])), unrated: summary.totals.unrated[column] };
}

/**
 * The plan's RAG counts at each board date, one bar a date: each bar is the totals row of Table 1
 * read at that board date (the same report, the same read model), so a bar and the table's total agree.
 */
export function countsAtBoardDates(atEachDate: RagSummary[], groupWord: string): RagBarChart | undefined {
  if (atEachDate.length === 0) return undefined;
  const codes = atEachDate[atEachDate.length - 1].codes;
  return ragBarChart('rag-at-board-dates', `RAG ratings of the whole plan at each board date (every ${groupWord} together)`, atEachDate.map((s) => totalsRow(s, 0)), codes);
}

/** Each priority's movement between Table 1's two dates: two bars a priority, the earlier above the later, from Table 1's own rows. */
export function priorityMovement(summary: RagSummary, groupHeading: string): RagBarChart {
  const [first, second] = summary.columns.map((c) => c.label);
  const rows: CountsRow[] = summary.rows.flatMap((row) =>
    ([0, 1] as Column[]).map((column) => ({
      label: `${groupHeading} ${row.priority}, ${column === 0 ? first : second}`,
      counts: Object.fromEntries(summary.codes.map((c) => [c.code, row.counts[c.code][column]])),
      unrated: row.unrated[column],
    })),
  );
  return ragBarChart('priority-movement', `How each ${groupHeading.toLowerCase()}'s ratings moved between ${first} and ${second}`, rows, summary.codes);
}
