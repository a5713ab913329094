import { FieldProblem, InvalidInput } from '../domain/errors';
import { readUkDate, UK_DATE_FORMS } from '../domain/uk-date';
import { PlanSheet } from './plan-file';
import { LIMITS } from '../domain/limits';
import { ImportedSection, readRecommendations, readSection, SHAPE_COLUMNS } from './plan-shape-columns';
import { ImportedMilestone, readMilestoneCells } from './milestone-rows';

/** A RAG column such as "RAG Nov 16 (2016-11-30)": a board date and what it was called. */
export interface RagColumn {
  header: string;
  label: string;
  date: string;
}

export interface ImportedAction {
  rowNumber: number;
  priority: number;
  reference: string;
  ofstedReference?: string;
  title: string;
  successMeasures?: string;
  lead?: string;
  dueDate?: string;
  /** The code in each RAG column, in date order; '' where the cell is empty. */
  ratings: string[];
  /** Who the file says reported this row's ratings ("Reported by" column), where it says. */
  reportedBy?: string;
  /** Who the file says signed the action off ("Signed off by" or "Completed by" column), where it says. */
  signedOffBy?: string;
  /** The senior responsible owner ("SRO" column), where the file names one. */
  seniorOwner?: string;
  /** The recommendations the action answers ("Recommendations" column), by number. */
  recommendations?: string[];
  /** Its milestones, from its own row and the rows after that repeat its reference (milestone-rows.ts). */
  milestones?: ImportedMilestone[];
}

export interface ImportedPlan {
  ragColumns: RagColumn[];
  /** With the section each is in and the recommendations it answers, where the file's optional columns say. */
  priorities: { number: number; title: string; outcome?: string; section?: ImportedSection; recommendations?: string[] }[];
  actions: ImportedAction[];
}

const COLUMNS = {
  priority: 'Priority',
  priorityTitle: 'Priority title',
  priorityOutcome: 'Priority outcome',
  reference: 'Reference',
  ofstedReference: 'Ofsted reference',
  action: 'Action',
  successMeasures: 'Success measures',
  lead: 'Lead',
  dueDate: 'Due date',
};
/** Optional: who the file says reported a row, or signed its action off. Recorded as what the file says, never as who acted. */
const REPORTED_BY = ['Reported by'];
const SIGNED_OFF_BY = ['Signed off by', 'Completed by'];
/** "RAG Nov 16 (2016-11-30)", or with the date as the board wrote it: "RAG Nov 16 (30/11/2016)", "RAG Nov 16 (30 November 2016)". */
const RAG_HEADER = /^RAG\s+(.+?)\s*\(([^()]+)\)$/i;
const MONTH_YEAR = /^(\d{1,2})\/(\d{2})$/;
/** "3.2", "NEW 1": as long as an action's reference may be anywhere. */
const REFERENCE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9 .]{0,${LIMITS.reference - 1}}$`);

/**
 * Read the rows of a plan sheet into priorities and actions, collecting every
 * problem with its row number and column so the user can fix the file in one go.
 */
export function interpretPlanSheet(sheet: PlanSheet): { plan: ImportedPlan; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const header = (name: string) => sheet.headers.find((h) => h.toLowerCase() === name.toLowerCase());
  for (const required of [COLUMNS.priority, COLUMNS.reference, COLUMNS.action]) {
    if (!header(required)) problems.push({ field: `column "${required}"`, message: `is missing; the first row must include ${Object.values(COLUMNS).join(', ')} and one or more "RAG <label> (YYYY-MM-DD)" columns` });
  }
  const ragColumns: RagColumn[] = [];
  for (const h of sheet.headers.filter((x) => /^RAG\b/i.test(x))) {
    const match = RAG_HEADER.exec(h);
    const named = problems.length;
    const date = match ? readCellDate(match[2], `column "${h}"`, problems) : undefined;
    if (date) ragColumns.push({ header: h, label: match![1], date });
    else if (problems.length === named) problems.push({ field: `column "${h}"`, message: 'a RAG column heading must give its date, e.g. "RAG Nov 16 (30/11/2016)" or "RAG Nov 16 (2016-11-30)"' });
  }
  ragColumns.sort((a, b) => a.date.localeCompare(b.date));
  if (ragColumns.length === 0) problems.push({ field: 'columns', message: 'no RAG column found; head each one like "RAG Current (2017-02-28)"' });
  if (problems.length > 0) return { plan: { ragColumns, priorities: [], actions: [] }, problems };

  const cell = (cells: Record<string, string>, name: string) => {
    const h = header(name);
    return h ? cells[h] ?? '' : '';
  };
  const priorities = new Map<number, ImportedPlan['priorities'][number]>();
  const shapeCell = (cells: Record<string, string>, names: string[]) => {
    const name = names.find((n) => header(n));
    return { text: name ? cell(cells, name).trim() : '', column: name ? header(name)! : names[0] };
  };
  const references = new Map<string, number>();
  const actions: ImportedAction[] = [];
  for (const { rowNumber, cells } of sheet.rows) {
    const at = (column: string) => `row ${rowNumber}, column "${header(column) ?? column}"`;
    const priorityText = cell(cells, COLUMNS.priority);
    const priority = Number(priorityText);
    if (!/^\d+$/.test(priorityText) || priority < 1 || priority > LIMITS.priorityNumber) {
      problems.push({ field: at(COLUMNS.priority), message: `"${priorityText}" is not a priority number` });
      continue;
    }
    if (!priorities.has(priority)) {
      const title = cell(cells, COLUMNS.priorityTitle) || `Priority ${priority}`;
      const outcome = cell(cells, COLUMNS.priorityOutcome);
      const section = shapeCell(cells, SHAPE_COLUMNS.section);
      const links = shapeCell(cells, SHAPE_COLUMNS.groupRecommendations);
      const where = (column: string) => `row ${rowNumber}, column "${column}"`;
      priorities.set(priority, {
        number: priority,
        title,
        ...(outcome ? { outcome } : {}),
        ...defined({ section: readSection(section.text, where(section.column), problems), recommendations: readRecommendations(links.text, where(links.column), problems) }),
      });
    }
    const reference = cell(cells, COLUMNS.reference).replace(/\s+/g, ' ');
    if (!REFERENCE.test(reference)) {
      problems.push({ field: at(COLUMNS.reference), message: `"${reference}" is not an action reference such as 3.2 or NEW 1` });
      continue;
    }
    const milestone = readMilestoneCells((name) => cell(cells, name), at, rowNumber, problems);
    const earlier = references.get(reference.toLowerCase());
    // A further milestone of an action already read: a row of its own repeating the action's reference.
    const first = earlier !== undefined && milestone ? actions.find((a) => a.reference.toLowerCase() === reference.toLowerCase()) : undefined;
    if (first && milestone) {
      const title = cell(cells, COLUMNS.action);
      if (first.priority !== priority) problems.push({ field: at(COLUMNS.priority), message: `is ${priority}, but action ${reference} is in priority ${first.priority} (row ${first.rowNumber})` });
      if (title && title !== first.title) problems.push({ field: at(COLUMNS.action), message: `differs from action ${reference} on row ${first.rowNumber}; a milestone's row repeats the action's reference and leaves the action empty or the same` });
      first.milestones = [...(first.milestones ?? []), milestone];
      continue;
    }
    if (earlier !== undefined) problems.push({ field: at(COLUMNS.reference), message: `${reference} already appears on row ${earlier}` });
    references.set(reference.toLowerCase(), rowNumber);
    const title = cell(cells, COLUMNS.action);
    if (!title) problems.push({ field: at(COLUMNS.action), message: 'is empty; every row needs the action as worded in the plan' });
    const dueText = cell(cells, COLUMNS.dueDate);
    const named = problems.length;
    const dueDate = dueText ? (MONTH_YEAR.test(dueText) ? toDueDate(dueText) : readCellDate(dueText, at(COLUMNS.dueDate), problems)) : undefined;
    if (dueText && !dueDate && problems.length === named) {
      problems.push({ field: at(COLUMNS.dueDate), message: `"${dueText}" is not a date; use MM/YY for a month (03/16 is March 2016) or ${UK_DATE_FORMS}` });
    }
    const optional = (name: string) => cell(cells, name) || undefined;
    const person = (names: string[]) => {
      const name = names.find((n) => header(n));
      const text = name ? optional(name) : undefined;
      if (text && text.length > LIMITS.name) problems.push({ field: at(name!), message: `is ${text.length} characters long; keep a name to ${LIMITS.name}` });
      return text;
    };
    actions.push({
      rowNumber,
      priority,
      reference,
      ...defined({ ofstedReference: optional(COLUMNS.ofstedReference), successMeasures: optional(COLUMNS.successMeasures), lead: optional(COLUMNS.lead), dueDate }),
      ...defined({ reportedBy: person(REPORTED_BY), signedOffBy: person(SIGNED_OFF_BY) }),
      ...defined({
        seniorOwner: person(SHAPE_COLUMNS.seniorOwner),
        recommendations: ((links) => readRecommendations(links.text, `row ${rowNumber}, column "${links.column}"`, problems))(shapeCell(cells, SHAPE_COLUMNS.recommendations)),
      }),
      title,
      // As the cell holds it: the code is read (case, spaces, look-alikes) by the same rule as at every door, src/domain/code-reading.ts.
      ratings: ragColumns.map((c) => cells[c.header] ?? ''),
      ...(milestone ? { milestones: [milestone] } : {}),
    });
  }
  return { plan: { ragColumns, priorities: [...priorities.values()].sort((a, b) => a.number - b.number), actions }, problems };
}

/** "03/16" in a plan's Time column means March 2016: due by the end of that month. */
export function toDueDate(text: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Number.isNaN(Date.parse(text)) ? undefined : text;
  const match = MONTH_YEAR.exec(text);
  if (!match) return undefined;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return undefined;
  const year = 2000 + Number(match[2]);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * A date in a cell or a heading, as the plan's authors wrote it (31/01/2019, 31 Jan 2019, 2019-01-31;
 * src/domain/uk-date.ts): YYYY-MM-DD; undefined when it is not written as a date; a day that does not
 * exist (31/02/2019) is added to the file's problems, so every one is named in one go.
 */
function readCellDate(text: string, field: string, problems: FieldProblem[]): string | undefined {
  try {
    return readUkDate(text, field);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
