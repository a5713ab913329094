import { ActionRecommendationLinked, ActionRecommendationUnlinked } from '../../domain/action/action.events';
import { PlanShapeEvent } from '../../domain/plan/plan-shape.events';
import { DEFAULT_PLAN_WORDS, LevelName, PlanWords } from '../../domain/plan/plan-words';
import { PrioritySnapshot } from '../plan-snapshot/plan-snapshot';
import { FactsInForce } from './facts-in-force';

/*
 * The plan's words and shape as facts of one kind, 'shape', told apart by their key:
 *
 *   on the plan:   words:group, words:item, words:section  → a LevelName
 *                  section:<n>                             → its title
 *                  group-section:<n>                       → the section group n is in
 *                  recommendation:<number>                 → its text
 *                  group-link:<n>:<number>                 → true while linked, false once unlinked
 *   on an action:  link:<number>                           → true while linked, false once unlinked
 *
 * One kind with keys, rather than a kind each, so the read side needs one more case, not six;
 * each key's fact in force is the latest effective, as for every other fact.
 */

/** How facts-from-event.ts makes a fact of this event (kept generic, so this file does not import it back). */
type Fact<F> = (kind: string, key: string, payload: unknown) => F;

export type ShapeEvent = PlanShapeEvent | ActionRecommendationLinked | ActionRecommendationUnlinked;

export function shapeFacts<F>(e: ShapeEvent, fact: Fact<F>): F[] {
  switch (e.type) {
    case 'PlanLevelsNamed':
      return [
        fact('shape', 'words:group', e.data.group),
        fact('shape', 'words:item', e.data.item),
        ...(e.data.section ? [fact('shape', 'words:section', e.data.section)] : []),
      ];
    case 'SectionAdded':
      return [fact('shape', `section:${e.data.number}`, e.data.title)];
    case 'GroupPlacedInSection':
      return [fact('shape', `group-section:${e.data.priorityNumber}`, e.data.sectionNumber)];
    case 'RecommendationRecorded':
      return [fact('shape', `recommendation:${e.data.number}`, e.data.text)];
    case 'RecommendationLinked':
    case 'RecommendationUnlinked':
      return [fact('shape', `group-link:${e.data.priorityNumber}:${e.data.recommendation}`, e.type === 'RecommendationLinked')];
    case 'ActionRecommendationLinked':
    case 'ActionRecommendationUnlinked':
      return [fact('shape', `link:${e.data.recommendation}`, e.type === 'ActionRecommendationLinked')];
  }
}

/** Recommendation numbers as the report prints them: "2" before "10", "3 (a)" before "3 (b)". */
const BY_NUMBER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export const inRecommendationOrder = (numbers: string[]): string[] => numbers.sort((a, b) => BY_NUMBER.compare(a, b));

/** What the plan's shape facts in force say, ready to put on the snapshot. */
export interface ShapeParts {
  words: PlanWords;
  sections: { number: number; title: string }[];
  recommendations: { number: string; text: string }[];
  groupSections: Map<number, number>;
  groupLinks: Map<number, string[]>;
}

/** The plan's shape from its 'shape' groups in force. */
export function shapePartsOf(facts: FactsInForce, groups: number[]): ShapeParts {
  const words = { ...DEFAULT_PLAN_WORDS };
  const sections: { number: number; title: string }[] = [];
  const recommendations: { number: string; text: string }[] = [];
  const groupSections = new Map<number, number>();
  const groupLinks = new Map<number, string[]>();
  for (const g of groups) {
    const key = facts.keyOf(g);
    const value = facts.shape(g);
    const colon = key.indexOf(':');
    const [prefix, rest] = [key.slice(0, colon), key.slice(colon + 1)];
    switch (prefix) {
      case 'words':
        if (rest === 'group' || rest === 'item' || rest === 'section') words[rest] = value as LevelName;
        break;
      case 'section':
        sections.push({ number: Number(rest), title: value as string });
        break;
      case 'group-section':
        groupSections.set(Number(rest), value as number);
        break;
      case 'recommendation':
        recommendations.push({ number: rest, text: value as string });
        break;
      case 'group-link': {
        if (value !== true) break;
        const split = rest.indexOf(':');
        const group = Number(rest.slice(0, split));
        groupLinks.set(group, [...(groupLinks.get(group) ?? []), rest.slice(split + 1)]);
        break;
      }
    }
  }
  sections.sort((a, b) => a.number - b.number);
  recommendations.sort((a, b) => BY_NUMBER.compare(a.number, b.number));
  for (const links of groupLinks.values()) inRecommendationOrder(links);
  return { words, sections, recommendations, groupSections, groupLinks };
}

/** A priority with its section and links, when it has them (absent otherwise, so a plan without them reads as before). */
export function withShape(priority: PrioritySnapshot, shape: ShapeParts): PrioritySnapshot {
  const section = shape.groupSections.get(priority.number);
  const links = shape.groupLinks.get(priority.number);
  if (section === undefined && !links?.length) return priority;
  return { ...priority, ...(section !== undefined ? { section } : {}), ...(links?.length ? { recommendations: links } : {}) };
}

/** An action's links in force, from its 'shape' groups. */
export function actionLinksOf(facts: FactsInForce, groups: number[]): string[] | undefined {
  const links = groups.filter((g) => facts.shape(g) === true && facts.keyOf(g).startsWith('link:')).map((g) => facts.keyOf(g).slice('link:'.length));
  return links.length ? inRecommendationOrder(links) : undefined;
}
