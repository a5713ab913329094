import { InvalidInput } from '../errors';

/**
 * What a plan calls its levels. Councils write plans as priority → action, workstream →
 * project, outcome → action, sometimes with sections above; every report, page and
 * export says what the plan says. Kept here, once, so the deciders, the read side and
 * the renderers share the same words and the same defaults.
 */
export interface LevelName {
  /** As a sentence uses it: "priority", "workstream". */
  singular: string;
  plural: string;
}

export interface PlanWords {
  /** The optional grouping above the groups ("Section 1: Help and protection"). */
  section: LevelName;
  /** What the plan's numbered groups are called: priority, workstream, outcome. */
  group: LevelName;
  /** What sits in a group and is rated: action, project. */
  item: LevelName;
}

/** A plan that never named its levels says priority and action (Sunderland's words). */
export const DEFAULT_PLAN_WORDS: PlanWords = Object.freeze({
  section: Object.freeze({ singular: 'section', plural: 'sections' }),
  group: Object.freeze({ singular: 'priority', plural: 'priorities' }),
  item: Object.freeze({ singular: 'action', plural: 'actions' }),
}) as PlanWords;

/** The shapes plans are commonly written in. */
export const LEVEL_PRESETS: Readonly<Record<string, { group: LevelName; item: LevelName }>> = {
  'priority/action': { group: { singular: 'priority', plural: 'priorities' }, item: { singular: 'action', plural: 'actions' } },
  'workstream/project': { group: { singular: 'workstream', plural: 'workstreams' }, item: { singular: 'project', plural: 'projects' } },
  'outcome/action': { group: { singular: 'outcome', plural: 'outcomes' }, item: { singular: 'action', plural: 'actions' } },
};

/** A level's name: a word or three, as a heading can carry it ("Key line of enquiry" at most). */
export const LEVEL_NAME_LENGTH = 40;
const LEVEL_NAME = /^\p{L}[\p{L}\p{M} '’-]*$/u;

/** A name checked: present, short, letters (with spaces, hyphens, apostrophes) only, so a heading built from it stays a heading. */
export function requireLevelName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(field, 'give the name this plan uses for the level, e.g. "workstream"');
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length > LEVEL_NAME_LENGTH) throw new InvalidInput(field, `is ${name.length} characters; a level's name is at most ${LEVEL_NAME_LENGTH}`);
  if (!LEVEL_NAME.test(name)) throw new InvalidInput(field, `"${name}" is not a level's name; use letters, spaces, hyphens and apostrophes only`);
  return name;
}

/** The words with the first letter capitalised, for a heading or a column: "Workstream". */
export function heading(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The plan's words, or the default ones for a model that carries none (a report saved before plans named their levels). */
export function wordsOf(model: { words?: PlanWords } | undefined): PlanWords {
  return model?.words ?? DEFAULT_PLAN_WORDS;
}
