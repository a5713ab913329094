import { FieldProblem } from '../domain/errors';
import { ActionSnapshot, ActionStatus, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { FieldDescription } from './form-errors';
import { pageWords } from './plan-words-view';
import { leadsIt, Person } from './work-queues';

/**
 * The plan page's filters (the MOJ filter pattern): by priority, RAG rating, lead and
 * status, a search of the titles, and "only the actions I lead". A GET query, so a
 * filtered plan can be bookmarked or sent to a colleague; applied on the server to
 * the plan snapshot the page shows, so the figures are the read model's own.
 */
export interface PlanFilter {
  priorities: number[];
  ratings: string[];
  statuses: ActionStatus[];
  lead?: string;
  search?: string;
  mine: boolean;
}

export const FILTER_FIELDS: Record<string, FieldDescription> = {
  priority: { anchor: 'priority', label: 'The priority' },
  rating: { anchor: 'rating', label: 'The RAG rating' },
  status: { anchor: 'status', label: 'The status' },
  lead: { anchor: 'lead', label: 'The lead' },
  search: { anchor: 'search', label: 'The search' },
};

const STATUSES: { value: ActionStatus; text: string }[] = [
  { value: 'open', text: 'Open' },
  { value: 'completed', text: 'Completed' },
  { value: 'withdrawn', text: 'Withdrawn' },
];

const SEARCH_MAX = 200;

/** Every value of a query parameter given once or many times (?rating=R&rating=A), trimmed, blanks dropped. */
function many(query: Record<string, unknown>, name: string): string[] {
  const value = query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
}

/** The leads the plan names, as written, for the lead filter's choices. */
export function leadsOf(plan: PlanSnapshot): string[] {
  return [...new Set(plan.actions.map((a) => a.lead?.trim()).filter((l): l is string => !!l))].sort((a, b) => a.localeCompare(b));
}

/** The filter a query asks for; a value the plan has no such choice for is a problem naming its field (the page answers 400). */
export function readPlanFilter(query: Record<string, unknown>, plan: PlanSnapshot): { filter: PlanFilter; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const priorities: number[] = [];
  for (const value of many(query, 'priority')) {
    const number = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
    if (plan.priorities.some((p) => p.number === number)) priorities.push(number);
    else problems.push({ field: 'priority', message: `The plan has no ${pageWords(plan).group} ${value.slice(0, 20)}; choose from the list` });
  }
  const codes = plan.scale.codes.map((c) => c.code);
  const ratings: string[] = [];
  for (const code of many(query, 'rating')) {
    if (codes.includes(code)) ratings.push(code);
    else problems.push({ field: 'rating', message: `The plan's RAG scale has no rating ${code.slice(0, 20)}; choose from the list` });
  }
  const statuses: ActionStatus[] = [];
  for (const status of many(query, 'status')) {
    const known = STATUSES.find((s) => s.value === status);
    if (known) statuses.push(known.value);
    else problems.push({ field: 'status', message: `${status.slice(0, 20)} is not a status; choose open, completed or withdrawn` });
  }
  const lead = many(query, 'lead')[0];
  if (lead !== undefined && !leadsOf(plan).includes(lead)) problems.push({ field: 'lead', message: 'No action in the plan has that lead; choose one from the list' });
  const search = many(query, 'search')[0];
  if (search !== undefined && search.length > SEARCH_MAX) problems.push({ field: 'search', message: `must be ${SEARCH_MAX} characters or fewer` });
  return {
    filter: { priorities: [...new Set(priorities)], ratings: [...new Set(ratings)], statuses: [...new Set(statuses)], lead, search: search?.slice(0, SEARCH_MAX), mine: many(query, 'mine').includes('1') },
    problems,
  };
}

export function isFiltered(filter: PlanFilter): boolean {
  return filter.priorities.length + filter.ratings.length + filter.statuses.length > 0 || !!filter.lead || !!filter.search || filter.mine;
}

/** Does the action pass every filter chosen? Within one filter any value will do (red or amber); across filters all must hold. */
export function matches(action: ActionSnapshot, filter: PlanFilter, person: Person): boolean {
  if (filter.priorities.length && !filter.priorities.includes(action.priorityNumber)) return false;
  if (filter.ratings.length && !filter.ratings.includes(action.displayCode)) return false;
  if (filter.statuses.length && !filter.statuses.includes(action.status)) return false;
  if (filter.lead && action.lead?.trim() !== filter.lead) return false;
  if (filter.mine && !leadsIt(action, person)) return false;
  if (filter.search) {
    const words = filter.search.toLowerCase().split(/\s+/);
    const text = `${action.reference} ${action.ofstedReference ?? ''} ${action.title}`.toLowerCase();
    if (!words.every((word) => text.includes(word))) return false;
  }
  return true;
}

/** The query string of a filter (without the clocks): for links that keep it, and "remove this filter" tags. */
export function filterParams(filter: PlanFilter): [string, string][] {
  return [
    ...filter.priorities.map((p): [string, string] => ['priority', String(p)]),
    ...filter.ratings.map((r): [string, string] => ['rating', r]),
    ...filter.statuses.map((s): [string, string] => ['status', s]),
    ...(filter.lead ? [['lead', filter.lead] as [string, string]] : []),
    ...(filter.search ? [['search', filter.search] as [string, string]] : []),
    ...(filter.mine ? [['mine', '1'] as [string, string]] : []),
  ];
}

/**
 * What the filter panel shows: the choices, ticked as asked, and the "selected
 * filters" as tags, each a link to the same page without it (MOJ filter pattern).
 */
export function filterView(plan: PlanSnapshot, filter: PlanFilter, clockParams: string, path: string, words: { group: string }) {
  const params = filterParams(filter);
  const href = (kept: [string, string][]) => {
    const query = new URLSearchParams(clockParams);
    for (const [k, v] of kept) query.append(k, v);
    const text = query.toString();
    return `${path}${text ? `?${text}` : ''}`;
  };
  const without = (name: string, value: string) => href(params.filter(([k, v]) => !(k === name && v === value)));
  const label = (code: string) => plan.scale.codes.find((c) => c.code === code)?.label ?? code;
  const categories = [
    { heading: words.group, items: filter.priorities.map((p) => ({ text: `${p}`, href: without('priority', String(p)) })) },
    { heading: 'RAG rating', items: filter.ratings.map((r) => ({ text: `${label(r)}${label(r) === r ? '' : ` (${r})`}`, href: without('rating', r) })) },
    { heading: 'Status', items: filter.statuses.map((s) => ({ text: STATUSES.find((k) => k.value === s)!.text, href: without('status', s) })) },
    { heading: 'Lead', items: filter.lead ? [{ text: filter.lead, href: without('lead', filter.lead) }] : [] },
    { heading: 'Title contains', items: filter.search ? [{ text: filter.search, href: without('search', filter.search) }] : [] },
    { heading: 'Lead', items: filter.mine ? [{ text: 'You', href: without('mine', '1') }] : [] },
  ].filter((c) => c.items.length);
  return {
    filtered: isFiltered(filter),
    selected: categories,
    clearHref: href([]),
    // The clocks travel with the filter form, so filtering keeps the date being looked at.
    hidden: [...new URLSearchParams(clockParams)].map(([name, value]) => ({ name, value })),
    priorities: plan.priorities.map((p) => ({ value: String(p.number), text: `${p.number}: ${p.title}`, checked: filter.priorities.includes(p.number) })),
    ratings: plan.scale.codes.map((c) => ({ value: c.code, text: c.label === c.code ? c.code : `${c.label} (${c.code})`, checked: filter.ratings.includes(c.code) })),
    statuses: STATUSES.map((s) => ({ ...s, checked: filter.statuses.includes(s.value) })),
    leads: [{ value: '', text: 'Any lead' }, ...leadsOf(plan).map((l) => ({ value: l, text: l, selected: l === filter.lead }))],
    search: filter.search ?? '',
    mine: filter.mine,
    query: new URLSearchParams(params).toString(),
  };
}
