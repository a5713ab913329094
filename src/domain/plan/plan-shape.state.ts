import { PlanShapeEvent } from './plan-shape.events';
import { DEFAULT_PLAN_WORDS, PlanWords } from './plan-words';

/** The plan's words and structure as its deciders need them: what is named, what exists, what is linked. */
export interface PlanShape {
  /** Absent until the plan names its levels: it then says priority and action. */
  words?: PlanWords;
  sections: Record<number, { number: number; title: string }>;
  /** The section each group is in, by the group's number. */
  groupSections: Record<number, number>;
  /** The recommendations the plan answers: their text by number. */
  recommendations: Record<string, string>;
  /** The recommendations each group answers, by the group's number. */
  groupLinks: Record<number, string[]>;
}

export const emptyPlanShape = (): PlanShape => ({ sections: {}, groupSections: {}, recommendations: {}, groupLinks: {} });

export function shapeOf(plan: { shape?: PlanShape }): PlanShape {
  return plan.shape ?? emptyPlanShape();
}

export function evolvePlanShape(state: { shape?: PlanShape }, e: PlanShapeEvent): PlanShape {
  const shape = shapeOf(state);
  switch (e.type) {
    case 'PlanLevelsNamed':
      return { ...shape, words: { section: e.data.section ?? shape.words?.section ?? DEFAULT_PLAN_WORDS.section, group: e.data.group, item: e.data.item } };
    case 'SectionAdded':
      return { ...shape, sections: { ...shape.sections, [e.data.number]: { number: e.data.number, title: e.data.title } } };
    case 'GroupPlacedInSection':
      return { ...shape, groupSections: { ...shape.groupSections, [e.data.priorityNumber]: e.data.sectionNumber } };
    case 'RecommendationRecorded':
      return { ...shape, recommendations: { ...shape.recommendations, [e.data.number]: e.data.text } };
    case 'RecommendationLinked':
      return { ...shape, groupLinks: { ...shape.groupLinks, [e.data.priorityNumber]: [...(shape.groupLinks[e.data.priorityNumber] ?? []), e.data.recommendation] } };
    case 'RecommendationUnlinked':
      return { ...shape, groupLinks: { ...shape.groupLinks, [e.data.priorityNumber]: (shape.groupLinks[e.data.priorityNumber] ?? []).filter((r) => r !== e.data.recommendation) } };
  }
}

/** The plan's words in force: its own, or priority and action. */
export function planWordsOf(plan: { shape?: PlanShape }): PlanWords {
  return plan.shape?.words ?? DEFAULT_PLAN_WORDS;
}

