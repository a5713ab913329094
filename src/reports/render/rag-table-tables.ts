import { RagTable } from '../../projections/rag-table/rag-table';
import { ReportTable } from './report-tables';
import { DEFAULT_WORDS, HEADINGS, ReportWords } from './report-words';
import { shareDefinitions, shareNotes } from './share-notes';

/** Codes as rows and priorities as columns (as many board reports print it), or the transpose. */
export const ORIENTATIONS = ['codes', 'priorities'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

const day = (iso: string) => iso.slice(0, 10);

/** "Red (R)": the label a reader knows and the code the plan records; the colour goes beside it, never instead. */
const codeHeading = (c: { code: string; label: string }) => (c.label && c.label !== c.code ? `${c.label} (${c.code})` : c.code);

/** What the new-actions row counts and why from that date, stated in the table so no reader has to guess. */
function newActionsRule(table: RagTable, w: ReportWords): { heading: string; note: string } {
  const since = table.newActions.since;
  if (!since) {
    return {
      heading: `${HEADINGS.newActions(w)} (none counted)`,
      note: `${HEADINGS.newActions(w)}: there is no board date before ${table.label} to count them from; give one (newSince) to count them.`,
    };
  }
  const why = since.chosen === 'given' ? 'the date asked for' : 'the previous board date';
  return {
    heading: `${HEADINGS.newActions(w)}, added after ${since.label}`,
    note: `${HEADINGS.newActions(w)}: added to the plan after ${since.label} (${day(since.asOf)}, ${why}) and by ${table.label} (${day(table.asOf)}); they are already counted in the rows above.`,
  };
}

/** Table 1 at one date, with totals per priority and overall, the actions not yet rated and a row of new actions. */
export function ragTableTables(table: RagTable, orientation: Orientation = 'codes', w: ReportWords = DEFAULT_WORDS): ReportTable[] {
  const rule = newActionsRule(table, w);
  const colours = Object.fromEntries(table.codes.flatMap((c) => [[c.code, c.colour], [codeHeading(c), c.colour]]));
  const n = (value: number) => String(value);
  const common = {
    title: `Table 1: RAG rating of ${w.items} by ${w.group.toLowerCase()} at ${table.label}`,
    caption: `The plan as effective on ${day(table.asOf)}, as recorded by ${table.knownAt.slice(0, 16).replace('T', ' ')} UTC. Withdrawn ${w.items} are not counted.`,
    notes: [...shareNotes(table.onTrackOrCompleted, table.label, w.items), ...shareDefinitions(table.onTrackOrCompleted), rule.note],
    colours,
  };
  if (orientation === 'priorities') {
    return [
      {
        ...common,
        columns: [w.group, ...table.codes.map(codeHeading), HEADINGS.notYetRated, HEADINGS.allActions(w)],
        rows: table.rows.map((row) => [`${row.priority}. ${row.title}`, ...table.codes.map((c) => n(row.counts[c.code])), n(row.unrated), n(row.all)]),
        footer: [
          [HEADINGS.total, ...table.codes.map((c) => n(table.totals.counts[c.code])), n(table.totals.unrated), n(table.totals.all)],
          [rule.heading, ...table.codes.map((c) => n(table.newActions.counts[c.code])), n(table.newActions.unrated), n(table.newActions.all)],
        ],
      },
    ];
  }
  return [
    {
      ...common,
      columns: [HEADINGS.rag, ...table.rows.map((row) => `${w.group} ${row.priority}`), HEADINGS.total],
      rows: [
        ...table.codes.map((c) => [codeHeading(c), ...table.rows.map((row) => n(row.counts[c.code])), n(table.totals.counts[c.code])]),
        [HEADINGS.notYetRated, ...table.rows.map((row) => n(row.unrated)), n(table.totals.unrated)],
      ],
      notes: [...common.notes, `${w.group} ${table.rows.map((row) => `${row.priority}: ${row.title}`).join('; ')}.`],
      footer: [
        [HEADINGS.allActions(w), ...table.rows.map((row) => n(row.all)), n(table.totals.all)],
        [rule.heading, ...table.rows.map((row) => n(row.added)), n(table.newActions.all)],
      ],
    },
  ];
}
