import { InvalidInput } from '../../domain/errors';
import { HEADINGS } from './report-words';

/**
 * The columns a board may add to any table of actions (due, red/amber, Previous vs Current,
 * overdue, new actions): who leads it, when it is due, and the service's update (the commentary
 * given with the rating in force). Off unless asked for, so the tables keep the seed's shape.
 */
export const ACTION_COLUMNS = ['lead', 'due', 'commentary'] as const;
export type ActionColumn = (typeof ACTION_COLUMNS)[number];

/** What a row of an action table knows for these columns. */
export interface ActionColumnValues {
  lead?: string;
  dueDate?: string;
  commentary?: string;
}

const HEADING: Record<ActionColumn, string> = { lead: HEADINGS.lead, due: HEADINGS.due, commentary: HEADINGS.commentary };
const CELL: Record<ActionColumn, (v: ActionColumnValues) => string> = { lead: (v) => v.lead ?? '', due: (v) => v.dueDate ?? '', commentary: (v) => v.commentary ?? '' };

/** "lead,due,commentary" as typed (CLI --columns, API ?columns=): each checked, in the order given, none twice. */
export function readActionColumns(value: string | undefined): ActionColumn[] {
  if (value === undefined || value.trim() === '') return [];
  const names = value.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  for (const name of names) {
    if (!(ACTION_COLUMNS as readonly string[]).includes(name)) throw new InvalidInput('columns', `"${name}" is not a column; choose from ${ACTION_COLUMNS.join(', ')}`);
  }
  return [...new Set(names)] as ActionColumn[];
}

export const columnHeadings = (columns: readonly ActionColumn[]): string[] => columns.map((c) => HEADING[c]);
export const columnCells = (columns: readonly ActionColumn[], values: ActionColumnValues): string[] => columns.map((c) => CELL[c](values));
