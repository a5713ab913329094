import * as commands from '../../commands';
import { FieldProblem } from '../../domain/errors';
import { ACTION_SHAPERS, PLAN_SHAPERS } from '../../domain/permissions';
import { findCode, RAG_SCALE_PRESETS } from '../../domain/rag-scale';
import { FormStep, StepContext, Values, wholeNumberFrom } from './form-step';

/**
 * The forms that change or undo what setting up recorded (issue 26: a form for every command):
 * the plan's RAG scale, a group's wording, and a recommendation's link to a group or an item.
 * Each is one command of src/commands/plan or action, as the API takes it.
 */
const texts = (values: Values, ...names: string[]) => Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n]]));

const short = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Only the presets that keep every code the plan's scale has: the decider refuses any other
 * (past ratings may use a dropped code), so offering it would only lead to a refusal.
 */
const keepingScales = (ctx: StepContext) =>
  Object.values(RAG_SCALE_PRESETS)
    .filter((scale) => scale.name !== ctx.plan?.scale.name && (ctx.plan?.scale.codes ?? []).every((old) => findCode(scale, old.code)))
    .map((scale) => ({ value: scale.name, text: scale.codes.filter((c) => !c.unrated).map((c) => c.label).join(', ') }));

const RELABEL = 'relabel';
const labelField = (code: string) => `label-${code}`;

/**
 * The scale as it stands with its codes relabelled (a council's own words for its ratings, "On
 * track" for Green), or a preset that keeps every code: the two changes the decider allows
 * besides recolouring, which the RAG colours of the pages and reports leave to the presets.
 */
export const CHANGE_RAG_SCALE: FormStep = {
  slug: 'rag-scale',
  title: () => 'Change the RAG scale',
  roles: PLAN_SHAPERS,
  command: commands.DefineRagScaleCommand,
  inputClass: commands.DefineRagScaleInput,
  timing: 'effective',
  fields: (ctx) => [
    {
      name: 'scale',
      label: 'How should the scale change?',
      kind: 'radios',
      required: true,
      whenMissing: 'Select how the scale should change',
      hint: `Now: ${(ctx.plan?.scale.codes ?? []).map((c) => c.label).join(', ')}. Only changes that keep every rating already given are offered.`,
      items: [{ value: RELABEL, text: 'Keep the codes, with the names given below' }, ...keepingScales(ctx)],
    },
    ...(ctx.plan?.scale.codes ?? []).map((c) => ({ name: labelField(c.code), label: `Name for ${c.code} (now ${c.label})`, kind: 'text' as const, width: 'govuk-input--width-20' })),
  ],
  initial: (ctx) => Object.fromEntries((ctx.plan?.scale.codes ?? []).map((c) => [labelField(c.code), c.label])),
  input: (values, ctx) => {
    if (values.scale !== RELABEL) return { input: texts(values, 'scale'), problems: [] };
    const current = ctx.plan?.scale;
    if (!current) return { input: {}, problems: [] };
    const problems: FieldProblem[] = [];
    const codes = current.codes.map((c) => {
      const label = values[labelField(c.code)];
      if (label === undefined) problems.push({ field: labelField(c.code), message: `Enter a name for ${c.code}` });
      return { ...c, label: label ?? c.label };
    });
    if (problems.length === 0 && codes.every((c, i) => c.label === current.codes[i].label)) problems.push({ field: labelField(current.codes[0].code), message: 'Enter a new name for at least one code; nothing would change' });
    return { input: { scale: { ...current, codes } }, problems };
  },
  submit: 'Change the scale',
  recorded: () => 'RAG scale changed',
};

const groupItems = (ctx: StepContext) => (ctx.plan?.priorities ?? []).map((p) => ({ value: String(p.number), text: `${ctx.words.Group} ${p.number}: ${short(p.title, 70)}` }));

export const AMEND_GROUP: FormStep = {
  slug: 'amend-group',
  title: (ctx) => `Change a ${ctx.words.group}’s title or outcome`,
  roles: PLAN_SHAPERS,
  command: commands.AmendPriorityCommand,
  inputClass: commands.AmendPriorityInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'number', label: ctx.words.Group, kind: 'select', required: true, items: groupItems(ctx) },
    { name: 'title', label: 'New title (optional)', kind: 'text', hint: 'Leave blank to keep the title as it is' },
    { name: 'outcome', label: 'New outcome (optional)', kind: 'textarea', hint: 'Leave blank to keep the outcome as it is' },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const number = wholeNumberFrom(values, 'number', ctx.words.Group, problems);
    return { input: { ...(number !== undefined ? { number } : {}), ...texts(values, 'title', 'outcome') }, problems };
  },
  // Named by the field before the check page: the decider would refuse it only once confirmed.
  check: (values, ctx) => {
    const group = ctx.plan?.priorities.find((p) => String(p.number) === values.number);
    if (!group) return [];
    const same = (given: string | undefined, now: string | undefined) => given === undefined || given === now;
    return same(values.title, group.title) && same(values.outcome, group.outcome) ? [{ field: 'title', message: 'Enter a new title or outcome; nothing would change' }] : [];
  },
  submit: 'Record the change',
  recorded: (ctx) => `${ctx.words.Group} changed`,
};

/** Each link the plan records, as one choice: "2 – recommendation 3". */
const groupLinks = (ctx: StepContext) =>
  (ctx.plan?.priorities ?? []).flatMap((p) => (p.recommendations ?? []).map((r) => ({ value: `${p.number}|${r}`, text: `${ctx.words.Group} ${p.number} (${short(p.title, 50)}) and recommendation ${r}` })));

const itemLinks = (ctx: StepContext) =>
  (ctx.plan?.actions ?? [])
    .filter((a) => a.status !== 'withdrawn')
    .flatMap((a) => (a.recommendations ?? []).map((r) => ({ value: `${a.reference}|${r}`, text: `${ctx.words.Item} ${a.reference} (${short(a.title, 50)}) and recommendation ${r}` })));

/** A link chosen from the list, split back into what it links; a value not on the list is named. */
function chosenLink(values: Values, offered: { value: string }[], problems: FieldProblem[]): [string, string] | undefined {
  if (values.link === undefined) return undefined;
  if (!offered.some((o) => o.value === values.link)) {
    problems.push({ field: 'link', message: 'Select a link from the list' });
    return undefined;
  }
  const at = values.link.indexOf('|');
  return [values.link.slice(0, at), values.link.slice(at + 1)];
}

export const UNLINK_RECOMMENDATION: FormStep = {
  slug: 'unlink-recommendation',
  title: (ctx) => `Unlink a ${ctx.words.group} from a recommendation`,
  roles: PLAN_SHAPERS,
  command: commands.UnlinkRecommendationCommand,
  inputClass: commands.GroupRecommendationInput,
  timing: 'effective',
  fields: (ctx) => [{ name: 'link', label: 'Link to remove', kind: 'radios', required: true, items: groupLinks(ctx) }],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const link = chosenLink(values, groupLinks(ctx), problems);
    return { input: link ? { priorityNumber: Number(link[0]), recommendation: link[1] } : {}, problems };
  },
  submit: 'Remove the link',
  recorded: () => 'Recommendation unlinked',
};

export const UNLINK_ITEM_RECOMMENDATION: FormStep = {
  slug: 'unlink-item-recommendation',
  title: (ctx) => `Unlink a ${ctx.words.item} from a recommendation`,
  roles: ACTION_SHAPERS,
  command: commands.UnlinkActionRecommendationCommand,
  inputClass: commands.ActionRecommendationInput,
  timing: 'effective',
  fields: (ctx) => [{ name: 'link', label: 'Link to remove', kind: 'radios', required: true, items: itemLinks(ctx) }],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const link = chosenLink(values, itemLinks(ctx), problems);
    return { input: link ? { reference: link[0], recommendation: link[1] } : {}, problems };
  },
  submit: 'Remove the link',
  recorded: () => 'Recommendation unlinked',
};

export const PLAN_CHANGE_STEPS = [CHANGE_RAG_SCALE, AMEND_GROUP, UNLINK_RECOMMENDATION, UNLINK_ITEM_RECOMMENDATION];
