import * as commands from '../../commands';
import { FieldProblem, InvalidInput } from '../../domain/errors';
import { requirePlanId } from '../../domain/identifiers';
import { LEVEL_PRESETS } from '../../domain/plan/plan-words';
import { ACTION_SHAPERS, PLAN_SHAPERS } from '../../domain/permissions';
import { RAG_SCALE_PRESETS, ratingCodes } from '../../domain/rag-scale';
import { roleName } from '../role-names';
import { dateFrom, FormStep, StepContext, Values, wholeNumberFrom } from './form-step';
import { PLAN_CHANGE_STEPS } from './plan-change-steps';

/**
 * A number already in use, named by its field before the answers are checked (the decider
 * refuses it too, but only once confirmed, and then for the form as a whole).
 */
function taken(value: string | undefined, existing: string[][], field: string, what: string, instead: string): FieldProblem[] {
  const found = value === undefined ? undefined : existing.find(([number]) => number === String(Number(value)) || number === value);
  return found ? [{ field, message: `${what} is already in the plan (“${found[1]}”); ${instead}` }] : [];
}

/** The fields of a command whose boxes were filled in, as the command takes them (strings, left out when empty). */
const texts = (values: Values, ...names: string[]) => Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n]]));

const scaleItems = () =>
  Object.values(RAG_SCALE_PRESETS).map((scale) => ({
    value: scale.name,
    text: scale.codes.filter((c) => !c.unrated).map((c) => c.label).join(', '),
    hint: scale.name === 'sunderland-5' ? 'Light Green and Dark Green between Amber and Completed, as Sunderland rates' : scale.name === 'rag' ? 'No completed status: for ratings from the five project criteria' : 'Completed is given when the action is signed off',
  }));

const signOffItems = [
  { value: 'qa', text: `The ${roleName('qa')}`, hint: 'Reviews evidence and signs actions off as completed' },
  { value: 'board', text: `The ${roleName('board')}` },
];

const NO_HOLD = 'none';

const yesNo = [
  { value: 'yes', text: 'Yes', hint: 'Whoever leads an action cannot sign it off (four eyes)' },
  { value: 'no', text: 'No' },
];

const groupItems = (ctx: StepContext) => (ctx.plan?.priorities ?? []).map((p) => ({ value: String(p.number), text: `${ctx.words.Group} ${p.number}: ${p.title}` }));

/**
 * Setting up a plan from the pages: each step one command of src/commands/plan, as the API
 * takes it (plans.controller.ts, plan-shape.controller.ts), for the board (and an administrator,
 * who may shape a plan too: PLAN_SHAPERS).
 */
export const CREATE_PLAN: FormStep = {
  slug: 'create-plan',
  title: () => 'Create an improvement plan',
  roles: PLAN_SHAPERS,
  command: commands.CreatePlanCommand,
  inputClass: commands.CreatePlanInput,
  timing: 'effective',
  fields: () => [
    { name: 'planId', label: 'Short name for the plan', kind: 'text', required: true, whenMissing: 'Enter a short name for the plan', width: 'govuk-input--width-20', hint: 'Used in web addresses and reports; letters, numbers and dashes, for example sunderland-2017. It cannot be changed later.' },
    { name: 'title', label: 'Title', kind: 'text', required: true, hint: 'As the plan is titled, for example Children’s Services Improvement Plan' },
    { name: 'council', label: 'Council', kind: 'text', required: true },
    { name: 'scale', label: 'RAG scale', kind: 'radios', required: true, items: scaleItems() },
    { name: 'signOffRole', label: 'Who signs actions off as completed?', kind: 'radios', required: true, whenMissing: 'Select who signs actions off', items: signOffItems },
    { name: 'separationOfDuties', label: 'Keep whoever leads an action from signing it off?', kind: 'radios', required: true, whenMissing: 'Select yes to keep whoever leads an action from signing it off', items: yesNo },
  ],
  input: (values) => ({
    input: { ...texts(values, 'planId', 'title', 'council', 'scale', 'signOffRole'), ...(values.separationOfDuties ? { separationOfDuties: values.separationOfDuties === 'yes' } : {}) },
    problems: [],
  }),
  check: (values) => {
    if (values.planId === undefined) return [];
    try {
      requirePlanId(values.planId);
      return [];
    } catch (error) {
      if (error instanceof InvalidInput) return error.problems;
      throw error;
    }
  },
  submit: 'Create the plan',
  recorded: () => 'Plan created',
};

export const PLAN_SETTINGS: FormStep = {
  slug: 'settings',
  title: () => 'Change who signs off, and when',
  roles: PLAN_SHAPERS,
  command: commands.ChangePlanSettingsCommand,
  inputClass: commands.ChangePlanSettingsInput,
  timing: 'reason',
  fields: (ctx) => [
    { name: 'signOffRole', label: 'Who signs actions off as completed?', kind: 'radios', required: true, whenMissing: 'Select who signs actions off', items: signOffItems },
    { name: 'separationOfDuties', label: 'Keep whoever leads an action from signing it off?', kind: 'radios', required: true, whenMissing: 'Select yes to keep whoever leads an action from signing it off', items: yesNo },
    {
      name: 'holdCode',
      label: 'Rating an action must hold before it is signed off',
      kind: 'select',
      hint: 'For example, Dark Green for 3 months, as Sunderland asks',
      items: [{ value: NO_HOLD, text: 'No minimum hold' }, ...(ctx.plan ? ratingCodes(ctx.plan.scale).map((c) => ({ value: c.code, text: `${c.label} (${c.code})` })) : [])],
    },
    { name: 'holdMonths', label: 'For how many months?', kind: 'text', width: 'govuk-input--width-3', hint: 'Only with a rating to hold, 1 to 36' },
  ],
  // The form opens on the settings as they stand, so only what is to change needs touching.
  initial: (ctx) => ({
    ...(ctx.plan ? { signOffRole: ctx.plan.signOffRole, separationOfDuties: ctx.plan.separationOfDuties ? 'yes' : 'no' } : {}),
    holdCode: ctx.plan?.minimumHold?.code ?? NO_HOLD,
    ...(ctx.plan?.minimumHold ? { holdMonths: String(ctx.plan.minimumHold.months) } : {}),
  }),
  // Only what changes is sent: the decider records only that, and refuses a change that changes nothing.
  input: (values, ctx) => {
    const input: Record<string, unknown> = {};
    const problems: FieldProblem[] = [];
    if (values.signOffRole && values.signOffRole !== ctx.plan?.signOffRole) input.signOffRole = values.signOffRole;
    const separate = values.separationOfDuties === undefined ? undefined : values.separationOfDuties === 'yes';
    if (separate !== undefined && separate !== ctx.plan?.separationOfDuties) input.separationOfDuties = separate;
    const held = ctx.plan?.minimumHold;
    if (values.holdCode === NO_HOLD) {
      if (held) input.minimumHold = null;
    } else if (values.holdCode !== undefined) {
      const months = wholeNumberFrom(values, 'holdMonths', 'The number of months', problems);
      if (values.holdMonths === undefined) problems.push({ field: 'holdMonths', message: 'Enter for how many months the rating must be held' });
      if (months !== undefined && (held?.code !== values.holdCode || held.months !== months)) input.minimumHold = { code: values.holdCode, months };
    }
    return { input, problems };
  },
  submit: 'Change the settings',
  recorded: () => 'Settings changed',
};

export const ADD_GROUP: FormStep = {
  slug: 'group',
  title: (ctx) => `Add a ${ctx.words.group}`,
  roles: PLAN_SHAPERS,
  command: commands.AddPriorityCommand,
  inputClass: commands.AddPriorityInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'number', label: `${ctx.words.Group} number`, kind: 'text', required: true, width: 'govuk-input--width-3', hint: `As the plan numbers it, 1 to 99` },
    { name: 'title', label: 'Title', kind: 'text', required: true },
    { name: 'outcome', label: 'Outcome (optional)', kind: 'textarea', hint: `What the ${ctx.words.group} will achieve, as the plan words it` },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const number = wholeNumberFrom(values, 'number', `${ctx.words.Group} number`, problems);
    return { input: { ...(number !== undefined ? { number } : {}), ...texts(values, 'title', 'outcome') }, problems };
  },
  check: (values, ctx) => taken(values.number, (ctx.plan?.priorities ?? []).map((p) => [String(p.number), p.title]), 'number', `${ctx.words.Group} ${values.number}`, `amend it or give another number`),
  submit: 'Add it to the plan',
  recorded: (ctx) => `${ctx.words.Group} added`,
};

export const ADD_BOARD_DATE: FormStep = {
  slug: 'board-date',
  title: () => 'Add a board date',
  roles: PLAN_SHAPERS,
  command: commands.RecordReportingPointCommand,
  inputClass: commands.RecordReportingPointInput,
  timing: 'effective',
  fields: () => [
    { name: 'label', label: 'Name of the board date', kind: 'text', required: true, width: 'govuk-input--width-10', hint: 'As reports will head their columns, for example Nov 16' },
    { name: 'date', label: 'Date of the board meeting', kind: 'date', required: true, hint: 'For example, 30 11 2016' },
  ],
  input: (values) => {
    const problems: FieldProblem[] = [];
    const date = dateFrom(values, 'date', 'The date of the board meeting', problems);
    return { input: { ...texts(values, 'label'), ...(date ? { date } : {}) }, problems };
  },
  submit: 'Add the board date',
  recorded: () => 'Board date added',
};

const OWN_NAMES = 'own';
const LEVEL_FIELDS = ['groupSingular', 'groupPlural', 'itemSingular', 'itemPlural', 'sectionSingular', 'sectionPlural'];

export const NAME_LEVELS: FormStep = {
  slug: 'levels',
  title: () => 'Name the levels of the plan',
  roles: PLAN_SHAPERS,
  command: commands.NameLevelsCommand,
  inputClass: commands.NameLevelsInput,
  timing: 'effective',
  fields: () => [
    {
      name: 'preset',
      label: 'How is the plan written?',
      kind: 'radios',
      required: true,
      whenMissing: 'Select how the plan is written',
      items: [
        ...Object.entries(LEVEL_PRESETS).map(([name, preset]) => ({ value: name, text: `${preset.group.plural} of ${preset.item.plural}`.replace(/^./, (c) => c.toUpperCase()) })),
        { value: OWN_NAMES, text: 'In other words', hint: 'Give each name below, for example key line of enquiry' },
      ],
    },
    { name: 'groupSingular', label: 'The numbered groups: one', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, workstream (only if the plan is written in other words)' },
    { name: 'groupPlural', label: 'The numbered groups: more than one', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, workstreams' },
    { name: 'itemSingular', label: 'What is rated: one', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, project' },
    { name: 'itemPlural', label: 'What is rated: more than one', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, projects' },
    { name: 'sectionSingular', label: 'Above the groups, if the plan has them: one (optional)', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, section' },
    { name: 'sectionPlural', label: 'Above the groups: more than one (optional)', kind: 'text', width: 'govuk-input--width-20', hint: 'For example, sections' },
  ],
  input: (values) => {
    if (values.preset && values.preset !== OWN_NAMES) {
      // A preset names both levels; a section name typed as well is sent with it.
      return { input: { preset: values.preset, ...texts(values, 'sectionSingular', 'sectionPlural') }, problems: [] };
    }
    const given = texts(values, ...LEVEL_FIELDS);
    const problems: FieldProblem[] = values.preset === OWN_NAMES && Object.keys(given).length === 0 ? [{ field: 'groupSingular', message: 'Enter the names the plan uses, or choose one of the ways plans are written' }] : [];
    return { input: given, problems };
  },
  submit: 'Name the levels',
  recorded: () => 'Levels named',
};

export const ADD_SECTION: FormStep = {
  slug: 'section',
  title: (ctx) => `Add a ${ctx.words.Section.toLowerCase()}`,
  roles: PLAN_SHAPERS,
  command: commands.AddSectionCommand,
  inputClass: commands.AddSectionInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'number', label: `${ctx.words.Section} number`, kind: 'text', required: true, width: 'govuk-input--width-3' },
    { name: 'title', label: 'Title', kind: 'text', required: true, hint: 'For example, Help and protection' },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const number = wholeNumberFrom(values, 'number', `${ctx.words.Section} number`, problems);
    return { input: { ...(number !== undefined ? { number } : {}), ...texts(values, 'title') }, problems };
  },
  check: (values, ctx) => taken(values.number, (ctx.plan?.sections ?? []).map((x) => [String(x.number), x.title]), 'number', `${ctx.words.Section} ${values.number}`, 'give another number'),
  submit: 'Add it to the plan',
  recorded: (ctx) => `${ctx.words.Section} added`,
};

export const PLACE_IN_SECTION: FormStep = {
  slug: 'place-in-section',
  title: (ctx) => `Place a ${ctx.words.group} in a ${ctx.words.Section.toLowerCase()}`,
  roles: PLAN_SHAPERS,
  command: commands.PlaceGroupInSectionCommand,
  inputClass: commands.PlaceGroupInSectionInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'priorityNumber', label: ctx.words.Group, kind: 'select', required: true, items: groupItems(ctx) },
    { name: 'section', label: ctx.words.Section, kind: 'select', required: true, items: (ctx.plan?.sections ?? []).map((s) => ({ value: String(s.number), text: `${ctx.words.Section} ${s.number}: ${s.title}` })) },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const priorityNumber = wholeNumberFrom(values, 'priorityNumber', ctx.words.Group, problems);
    const section = wholeNumberFrom(values, 'section', ctx.words.Section, problems);
    return { input: { ...(priorityNumber !== undefined ? { priorityNumber } : {}), ...(section !== undefined ? { section } : {}) }, problems };
  },
  submit: 'Place it',
  recorded: (ctx) => `${ctx.words.Group} placed`,
};

export const RECORD_RECOMMENDATION: FormStep = {
  slug: 'recommendation',
  title: () => 'Record a recommendation from the inspection',
  roles: PLAN_SHAPERS,
  command: commands.RecordRecommendationCommand,
  inputClass: commands.RecordRecommendationInput,
  timing: 'effective',
  fields: () => [
    { name: 'number', label: 'Recommendation number', kind: 'text', required: true, width: 'govuk-input--width-5', hint: 'As the inspection report numbers it, for example 3' },
    { name: 'text', label: 'Recommendation', kind: 'textarea', required: true, hint: 'As the inspection report words it' },
  ],
  input: (values) => ({ input: texts(values, 'number', 'text'), problems: [] }),
  check: (values, ctx) => taken(values.number, (ctx.plan?.recommendations ?? []).map((r) => [r.number, r.text]), 'number', `Recommendation ${values.number}`, 'give another number'),
  submit: 'Record the recommendation',
  recorded: () => 'Recommendation recorded',
};

export const LINK_RECOMMENDATION: FormStep = {
  slug: 'link-recommendation',
  title: (ctx) => `Link a ${ctx.words.group} to a recommendation`,
  roles: PLAN_SHAPERS,
  command: commands.LinkRecommendationCommand,
  inputClass: commands.GroupRecommendationInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'priorityNumber', label: ctx.words.Group, kind: 'select', required: true, items: groupItems(ctx) },
    { name: 'recommendation', label: 'Recommendation it answers', kind: 'select', required: true, items: recommendationItems(ctx) },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const priorityNumber = wholeNumberFrom(values, 'priorityNumber', ctx.words.Group, problems);
    return { input: { ...(priorityNumber !== undefined ? { priorityNumber } : {}), ...texts(values, 'recommendation') }, problems };
  },
  submit: 'Link them',
  recorded: () => 'Recommendation linked',
};

const itemItems = (ctx: StepContext, extra: (a: { seniorOwner?: string }) => string = () => '') =>
  (ctx.plan?.actions ?? []).filter((a) => a.status !== 'withdrawn').map((a) => ({ value: a.reference, text: `${a.reference}: ${a.title.length > 70 ? `${a.title.slice(0, 69)}…` : a.title}${extra(a)}` }));

const recommendationItems = (ctx: StepContext) => (ctx.plan?.recommendations ?? []).map((r) => ({ value: r.number, text: `${r.number}: ${r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text}` }));

export const LINK_ITEM_RECOMMENDATION: FormStep = {
  slug: 'link-item-recommendation',
  title: (ctx) => `Link a ${ctx.words.item} to a recommendation`,
  roles: ACTION_SHAPERS,
  command: commands.LinkActionRecommendationCommand,
  inputClass: commands.ActionRecommendationInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'reference', label: ctx.words.Item, kind: 'select', required: true, items: itemItems(ctx) },
    { name: 'recommendation', label: 'Recommendation it answers', kind: 'select', required: true, items: recommendationItems(ctx) },
  ],
  input: (values) => ({ input: texts(values, 'reference', 'recommendation'), problems: [] }),
  submit: 'Link them',
  recorded: () => 'Recommendation linked',
};

export const SENIOR_OWNER: FormStep = {
  slug: 'senior-owner',
  title: (ctx) => `Name the senior responsible owner of a ${ctx.words.item}`,
  roles: ACTION_SHAPERS,
  command: commands.AmendActionCommand,
  inputClass: commands.AmendActionInput,
  timing: 'effective',
  fields: (ctx) => [
    {
      name: 'reference',
      label: ctx.words.Item,
      kind: 'select',
      required: true,
      items: itemItems(ctx, (a) => (a.seniorOwner ? ` (now ${a.seniorOwner})` : '')),
    },
    { name: 'seniorOwner', label: 'Senior responsible owner', kind: 'text', required: true, hint: 'A name or a job title, for example Director of Children’s Services' },
  ],
  input: (values) => ({ input: texts(values, 'reference', 'seniorOwner'), problems: [] }),
  submit: 'Record the owner',
  recorded: () => 'Senior responsible owner recorded',
};

/** The steps of the task list, by the address of each form. */
export const PLAN_STEPS: Record<string, FormStep> = Object.fromEntries(
  [PLAN_SETTINGS, ADD_GROUP, ADD_BOARD_DATE, NAME_LEVELS, ADD_SECTION, PLACE_IN_SECTION, RECORD_RECOMMENDATION, LINK_RECOMMENDATION, LINK_ITEM_RECOMMENDATION, SENIOR_OWNER, ...PLAN_CHANGE_STEPS].map((s) => [s.slug, s]),
);
