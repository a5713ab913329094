import { heading, PlanWords, wordsOf } from '../domain/plan/plan-words';

/**
 * The plan's words as a page uses them, spelled out once: `w.Group` in a heading ("Workstream 1:
 * …"), `w.items` in a sentence ("the projects due by …"). Every page of a plan gets them from the
 * plan it shows (`now`), so no template writes "priority" or "action" for a plan that says otherwise.
 */
export interface PageWords {
  Group: string;
  group: string;
  Groups: string;
  groups: string;
  Item: string;
  item: string;
  Items: string;
  items: string;
  Section: string;
}

export function pageWords(plan: { words?: PlanWords } | undefined): PageWords {
  const w = wordsOf(plan);
  return {
    Group: heading(w.group.singular),
    group: w.group.singular,
    Groups: heading(w.group.plural),
    groups: w.group.plural,
    Item: heading(w.item.singular),
    item: w.item.singular,
    Items: heading(w.item.plural),
    items: w.item.plural,
    Section: heading(w.section.singular),
  };
}
