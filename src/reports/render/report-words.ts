import { DEFAULT_PLAN_WORDS, heading, PlanWords } from '../../domain/plan/plan-words';

/**
 * The words the board's tables use for the plan's levels and their columns, in one place, so
 * that a plan which names its levels (outcome → project) can have its own words put here, and
 * every heading of these tables follows.
 */
export interface ReportWords {
  /** The group level, as a column heading: "Priority". */
  group: string;
  /** The item level, as a column heading: "Action". */
  item: string;
  /** The item level in a sentence, plural: "actions". */
  items: string;
}

export const DEFAULT_WORDS: ReportWords = { group: 'Priority', item: 'Action', items: 'actions' };

/** The plan's own words (PlanWords, carried on each report model) as these tables' headings. */
export function reportWords(words: PlanWords = DEFAULT_PLAN_WORDS): ReportWords {
  return { group: heading(words.group.singular), item: heading(words.item.singular), items: words.item.plural };
}

/** Headings of the board's tables that do not name a level. */
export const HEADINGS = {
  rag: 'RAG rating',
  notYetRated: 'Not yet rated',
  allActions: (w: ReportWords) => `All ${w.items}`,
  total: 'Total',
  newActions: (w: ReportWords) => `New ${w.items}`,
  lead: 'Lead',
  due: 'Due',
  commentary: 'Update from service',
} as const;
