import { EventEnvelope } from '../../event-store/envelope';
import { PlanShapeEvent } from '../../domain/plan/plan-shape.events';
import { ActionRecommendationLinked, ActionRecommendationUnlinked } from '../../domain/action/action.events';
import { PlanWords } from '../../domain/plan/plan-words';
import { ReplayedPlan } from './replayed-plan';

/** The oracle's own default words (not imported from the read side): priority and action. */
const DEFAULT_WORDS = (): PlanWords => ({
  section: { singular: 'section', plural: 'sections' },
  group: { singular: 'priority', plural: 'priorities' },
  item: { singular: 'action', plural: 'actions' },
});

const byNumber = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The plan's words and shape, folded the obvious way from the events in effective order:
 * lists and sets, kept apart from the plan until the end, then put on it as the read side
 * must show them (sections and recommendations only when there are any).
 */
export class ReplayedShape {
  words = DEFAULT_WORDS();
  private readonly sections = new Map<number, string>();
  private readonly recommendations = new Map<string, string>();
  private readonly groupSections = new Map<number, number>();
  private readonly groupLinks = new Map<number, Set<string>>();
  private readonly actionLinks = new Map<string, Set<string>>();

  /** Folds the event if it is one of the shape's; says whether it was. */
  fold(event: EventEnvelope): boolean {
    const e = event as unknown as PlanShapeEvent | ActionRecommendationLinked | ActionRecommendationUnlinked | { type: '' };
    switch (e.type) {
      case 'PlanLevelsNamed':
        this.words = { section: e.data.section ?? this.words.section, group: e.data.group, item: e.data.item };
        return true;
      case 'SectionAdded':
        this.sections.set(e.data.number, e.data.title);
        return true;
      case 'GroupPlacedInSection':
        this.groupSections.set(e.data.priorityNumber, e.data.sectionNumber);
        return true;
      case 'RecommendationRecorded':
        this.recommendations.set(e.data.number, e.data.text);
        return true;
      case 'RecommendationLinked':
        this.linksOf(this.groupLinks, e.data.priorityNumber).add(e.data.recommendation);
        return true;
      case 'RecommendationUnlinked':
        this.linksOf(this.groupLinks, e.data.priorityNumber).delete(e.data.recommendation);
        return true;
      case 'ActionRecommendationLinked':
        this.linksOf(this.actionLinks, event.streamId).add(e.data.recommendation);
        return true;
      case 'ActionRecommendationUnlinked':
        this.linksOf(this.actionLinks, event.streamId).delete(e.data.recommendation);
        return true;
      default:
        return false;
    }
  }

  /** The plan with its words, sections, recommendations, and each group's and action's section and links. */
  onto(plan: ReplayedPlan): ReplayedPlan {
    plan.words = this.words;
    if (this.sections.size) plan.sections = [...this.sections].map(([number, title]) => ({ number, title })).sort((a, b) => a.number - b.number);
    if (this.recommendations.size) plan.recommendations = [...this.recommendations].map(([number, text]) => ({ number, text })).sort((a, b) => byNumber.compare(a.number, b.number));
    for (const priority of plan.priorities) {
      const section = this.groupSections.get(priority.number);
      if (section !== undefined) priority.section = section;
      const links = sorted(this.groupLinks.get(priority.number));
      if (links) priority.recommendations = links;
    }
    for (const action of plan.actions) {
      const links = sorted(this.actionLinks.get(action.streamId));
      if (links) action.recommendations = links;
    }
    return plan;
  }

  private linksOf<K>(links: Map<K, Set<string>>, key: K): Set<string> {
    let set = links.get(key);
    if (!set) links.set(key, (set = new Set()));
    return set;
  }
}

function sorted(links: Set<string> | undefined): string[] | undefined {
  return links?.size ? [...links].sort((a, b) => byNumber.compare(a, b)) : undefined;
}
