import { Decision } from '../decider';
import { EffectiveTime } from '../effective-date';
import { InvalidInput, RuleBroken } from '../errors';
import { LIMITS } from '../limits';
import { requireText } from '../text';
import { AddSection, LinkRecommendation, NameLevels, PlaceGroupInSection, RecordRecommendation, UnlinkRecommendation } from './plan-shape.commands';
import { LEVEL_PRESETS, LevelName, requireLevelName } from './plan-words';
import { planWordsOf, shapeOf } from './plan-shape.state';
import { PlanEvent } from './plan.events';
import { PlanState } from './plan.state';

/**
 * A preset, or names given in pairs: a level named in the singular only would leave its
 * plural to guesswork ("priorities", "prioritys"), so both are asked for.
 */
export function nameLevels(command: NameLevels, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const current = planWordsOf(state);
  let group: LevelName = current.group;
  let item: LevelName = current.item;
  if (command.preset !== undefined) {
    const preset = Object.hasOwn(LEVEL_PRESETS, command.preset) ? LEVEL_PRESETS[command.preset] : undefined;
    if (!preset) throw new InvalidInput('preset', `"${command.preset}" is not a shape of plan; use ${Object.keys(LEVEL_PRESETS).join(', ')}, or name each level`);
    ({ group, item } = preset);
  }
  group = pair(command.groupSingular, command.groupPlural, 'group') ?? group;
  item = pair(command.itemSingular, command.itemPlural, 'item') ?? item;
  const section = pair(command.sectionSingular, command.sectionPlural, 'section');
  if (command.preset === undefined && !command.groupSingular && !command.itemSingular && !section && [command.groupPlural, command.itemPlural, command.sectionPlural].every((v) => v === undefined)) {
    throw new InvalidInput('preset', 'give a preset (priority/action, workstream/project, outcome/action) or the names of the levels');
  }
  if (group.singular.toLowerCase() === item.singular.toLowerCase()) {
    throw new InvalidInput('itemSingular', `"${item.singular}" is also the name of the level above it; give the two levels different names`);
  }
  const same = (a: LevelName, b: LevelName) => a.singular === b.singular && a.plural === b.plural;
  if (state.shape?.words && same(group, current.group) && same(item, current.item) && (!section || same(section, current.section))) {
    throw new RuleBroken('levels-unchanged', `Plan ${state.planId} already calls its levels ${current.group.singular} and ${current.item.singular}; give names that differ`);
  }
  return { ...when, events: [{ type: 'PlanLevelsNamed', data: { planId: state.planId, group, item, ...(section ? { section } : {}) } }] };
}

function pair(singular: string | undefined, plural: string | undefined, level: string): LevelName | undefined {
  if (singular === undefined && plural === undefined) return undefined;
  return { singular: requireLevelName(singular, `${level}Singular`), plural: requireLevelName(plural, `${level}Plural`) };
}

export function addSection(command: AddSection, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const number = requireNumber(command.number, 'number', planWordsOf(state).section.singular);
  const existing = shapeOf(state).sections[number];
  if (existing) throw new RuleBroken('section-exists', `${planWordsOf(state).section.singular} ${number} already exists ("${existing.title}"); give another number`);
  return { ...when, events: [{ type: 'SectionAdded', data: { planId: state.planId, number, title: requireText(command.title, 'title') } }] };
}

export function placeGroupInSection(command: PlaceGroupInSection, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const words = planWordsOf(state);
  const priorityNumber = requireGroup(state, command.priorityNumber);
  const section = requireNumber(command.section, 'section', words.section.singular);
  const shape = shapeOf(state);
  if (!shape.sections[section]) {
    const known = Object.keys(shape.sections).join(', ') || 'none yet';
    throw new InvalidInput('section', `plan ${state.planId} has no ${words.section.singular} ${section} (it has: ${known}); add the ${words.section.singular} first`);
  }
  if (shape.groupSections[priorityNumber] === section) {
    throw new RuleBroken('already-in-section', `${words.group.singular} ${priorityNumber} is already in ${words.section.singular} ${section}`);
  }
  return { ...when, events: [{ type: 'GroupPlacedInSection', data: { planId: state.planId, priorityNumber, sectionNumber: section } }] };
}

export function recordRecommendation(command: RecordRecommendation, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const number = requireRecommendationNumber(command.number, 'number');
  const existing = shapeOf(state).recommendations[number];
  if (existing !== undefined) throw new RuleBroken('recommendation-exists', `Recommendation ${number} is already recorded ("${existing}"); give another number`);
  return { ...when, events: [{ type: 'RecommendationRecorded', data: { planId: state.planId, number, text: requireText(command.text, 'text') } }] };
}

export function linkRecommendation(command: LinkRecommendation, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const priorityNumber = requireGroup(state, command.priorityNumber);
  const recommendation = requireRecordedRecommendation(state, command.recommendation);
  if ((shapeOf(state).groupLinks[priorityNumber] ?? []).includes(recommendation)) {
    throw new RuleBroken('already-linked', `${planWordsOf(state).group.singular} ${priorityNumber} already answers recommendation ${recommendation}`);
  }
  return { ...when, events: [{ type: 'RecommendationLinked', data: { planId: state.planId, priorityNumber, recommendation } }] };
}

export function unlinkRecommendation(command: UnlinkRecommendation, state: PlanState, when: EffectiveTime): Decision<PlanEvent> {
  const priorityNumber = requireGroup(state, command.priorityNumber);
  const recommendation = requireRecommendationNumber(command.recommendation, 'recommendation');
  if (!(shapeOf(state).groupLinks[priorityNumber] ?? []).includes(recommendation)) {
    throw new RuleBroken('not-linked', `${planWordsOf(state).group.singular} ${priorityNumber} is not linked to recommendation ${recommendation}`);
  }
  return { ...when, events: [{ type: 'RecommendationUnlinked', data: { planId: state.planId, priorityNumber, recommendation } }] };
}

/** The recommendation's number, as the inspection report writes it: "1", "3 (a)", "4.2". */
export function requireRecommendationNumber(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(field, 'give the recommendation\'s number as the inspection report writes it, e.g. "3"');
  const number = value.trim();
  if (number.length > LIMITS.reference || !/^[\p{L}\p{N}][\p{L}\p{N} .()-]*$/u.test(number)) {
    throw new InvalidInput(field, `"${number}" is not a recommendation's number; use letters, digits, spaces, dots and brackets, at most ${LIMITS.reference} characters`);
  }
  return number;
}

/** A recommendation the plan has recorded, named in `recommendation`: links are only to what is on record. */
export function requireRecordedRecommendation(state: Pick<PlanState, 'shape' | 'planId'>, value: unknown): string {
  const number = requireRecommendationNumber(value, 'recommendation');
  const recorded = shapeOf(state).recommendations;
  if (recorded[number] === undefined) {
    const known = Object.keys(recorded).join(', ') || 'none yet';
    throw new InvalidInput('recommendation', `plan ${state.planId} has no recommendation ${number} (it has: ${known}); record it first`);
  }
  return number;
}

function requireGroup(state: PlanState, value: number): number {
  const group = planWordsOf(state).group.singular;
  const number = requireNumber(value, 'priorityNumber', group);
  if (!state.priorities[number]) {
    const known = Object.keys(state.priorities).join(', ') || 'none yet';
    throw new InvalidInput('priorityNumber', `plan ${state.planId} has no ${group} ${number} (it has: ${known}); add the ${group} first`);
  }
  return number;
}

function requireNumber(value: unknown, field: string, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIMITS.priorityNumber) {
    throw new InvalidInput(field, `"${String(value)}" is not a ${what} number; use a whole number from 1 to ${LIMITS.priorityNumber}`);
  }
  return value;
}
