import {
  AddActionCommand,
  AddActionInput,
  AddMilestoneCommand,
  AddMilestoneInput,
  AmendActionCommand,
  AmendActionInput,
  AssessCriteriaCommand,
  AssessCriteriaInput,
  ChangeMilestoneStatusCommand,
  ChangeMilestoneStatusInput,
  CorrectRatingCommand,
  CorrectRatingInput,
  RedactEvidenceCommand,
  RedactEvidenceInput,
  ReopenActionCommand,
  ReopenActionInput,
  WithdrawActionCommand,
  WithdrawActionInput,
} from '../commands';
import { IssuedBy } from '../commands/shared/issued-by';
import { ActionCommand } from '../domain/action/action.commands';
import { CRITERIA, CRITERION_LABELS, deriveRatingFromCriteria } from '../domain/criteria';
import { FieldProblem } from '../domain/errors';
import { ratingCodes } from '../domain/rag-scale';
import { ActorRef } from '../domain/roles';
import { ActionSnapshot, PlanSnapshot } from '../projections/plan-snapshot/plan-snapshot';
import { RatingHistory } from '../projections/rating-history/rating-history';
import { PendingRating } from './board-date-impact';
import { FieldDescription } from './form-errors';
import { pageWords } from './plan-words-view';
import { displayDate, displayEffective, isoFromParts, partsFromIso } from './web-dates';

/** A box on a form, as the one template (action-form.njk) draws it in GOV.UK Frontend. */
export type FormField =
  | { kind: 'text'; name: string; label: string; hint?: string; width?: string }
  | { kind: 'textarea'; name: string; label: string; hint?: string }
  | { kind: 'radios'; name: string; label: string; hint?: string; items: { value: string; text?: string; html?: string; hint?: string }[]; small?: boolean }
  | { kind: 'date'; name: string; label: string; hint?: string };

/** What a form works on: the plan now, the action (none when adding one), the caller, and the item named in the address. */
export interface FormContext {
  plan: PlanSnapshot;
  action?: ActionSnapshot;
  caller: ActorRef;
  history?: RatingHistory;
  milestoneId?: string;
  evidenceId?: string;
  /** The priority an "add an action" link came from. */
  priority?: string;
}

/** A row of the check-your-answers list. */
export interface AnswerRow {
  key: string;
  value: string;
  /** A RAG tag instead of text: the code. */
  code?: string;
}

/** A form post read: the boxes as typed (to show again and to carry through the check page), what is wrong, and the command's fields. */
export interface ReadForm {
  problems: FieldProblem[];
  input: Record<string, unknown>;
  rows: AnswerRow[];
  /** A rating this would record, so the check page can say which reported figures it changes. */
  rating?: PendingRating;
}

type CommandClass = new (input: unknown, issuedBy: IssuedBy) => object;
type Raw = Record<string, string>;

export interface ActionFormSpec {
  /** The last part of the form's address. */
  slug: string;
  type: ActionCommand['type'];
  command: CommandClass;
  /** Checked before the check page, so a field the command would refuse is named while the form is still open. */
  inputClass: new () => object;
  heading(ctx: FormContext): string;
  /** Why the form is not offered in this state (already withdrawn, not completed...), in the users' words. */
  whyNot?(ctx: FormContext): string | undefined;
  fields(ctx: FormContext): FormField[];
  descriptions: Record<string, FieldDescription>;
  /** The boxes as they start (an amendment starts from the action as it is). */
  initial?(ctx: FormContext): Raw;
  read(raw: Raw, ctx: FormContext): ReadForm;
  /** The check page's button: the permanent record. */
  button: string;
  panel(ctx: FormContext, query: Record<string, string>): { title: string; text?: string };
}

const blank = (value: string | undefined) => value === undefined || value.trim() === '';
const val = (raw: Raw, name: string) => (blank(raw[name]) ? undefined : raw[name].trim());
const given = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
const req = (raw: Raw, ...names: string[]): FieldProblem[] => names.filter((n) => blank(raw[n])).map((field) => ({ field, message: 'is required' }));

function dateOf(raw: Raw, name: string, label: string): { iso?: string; problem?: FieldProblem } {
  return isoFromParts({ day: raw[`${name}-day`] ?? '', month: raw[`${name}-month`] ?? '', year: raw[`${name}-year`] ?? '' }, name, label);
}

function boxes(name: string, iso: string | undefined): Raw {
  const parts = partsFromIso(iso);
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year };
}

const EFFECTIVE_DATE: FormField = {
  kind: 'date',
  name: 'effectiveAt',
  label: 'When did this take effect?',
  hint: 'For example, the date of the board meeting that agreed it: 30 11 2016. Leave blank for today. It cannot be in the future.',
};
const BACKDATE_REASON: FormField = {
  kind: 'textarea',
  name: 'reason',
  label: 'Reason for an earlier date (if needed)',
  hint: 'Needed when the date is before today, for example “Agreed at the Improvement Board on 30 November, entered late”. Inspectors will see it.',
};
const EFFECTIVE_DESCRIPTIONS: Record<string, FieldDescription> = {
  effectiveAt: { anchor: 'effectiveAt-day', label: 'The date it took effect' },
  reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter the reason' },
};

/** The effective date and, if earlier, its reason: the last boxes of most forms. */
function effective(raw: Raw): { problems: FieldProblem[]; fields: Record<string, unknown>; rows: AnswerRow[] } {
  const date = dateOf(raw, 'effectiveAt', 'The date it took effect');
  return {
    problems: date.problem ? [date.problem] : [],
    fields: given({ effectiveAt: date.iso, reason: val(raw, 'reason') }),
    rows: [{ key: 'Takes effect', value: date.iso ? displayDate(date.iso) : 'Today' }],
  };
}

const reasonRow = (raw: Raw, key = 'Reason'): AnswerRow[] => (val(raw, 'reason') ? [{ key, value: val(raw, 'reason')! }] : []);
const ratingItems = (ctx: FormContext, withUnrated = false) => [
  ...(withUnrated ? [{ value: '', text: 'Not yet rated (TBC)' }] : []),
  ...ratingCodes(ctx.plan.scale).map((c) => ({ value: c.code, text: c.label === c.code ? c.code : `${c.label} (${c.code})` })),
];
const priorityItems = (ctx: FormContext) => ctx.plan.priorities.map((p) => ({ value: String(p.number), text: `${p.number}: ${p.title}` }));
const priorityName = (ctx: FormContext, number: string | undefined) => {
  const p = ctx.plan.priorities.find((x) => String(x.number) === number);
  return p ? `${p.number}: ${p.title}` : (number ?? '');
};
const item = (ctx: FormContext) => pageWords(ctx.plan).item;
const Item = (ctx: FormContext) => pageWords(ctx.plan).Item;
const ref = (ctx: FormContext) => ctx.action!.reference;

const withdraw: ActionFormSpec = {
  slug: 'withdraw',
  type: 'WithdrawAction',
  command: WithdrawActionCommand,
  inputClass: WithdrawActionInput,
  heading: (ctx) => `Withdraw ${item(ctx)} ${ref(ctx)}`,
  whyNot: (ctx) => (ctx.action!.status === 'withdrawn' ? `${Item(ctx)} ${ref(ctx)} has already been withdrawn.` : undefined),
  fields: (ctx) => [
    { kind: 'textarea', name: 'reason', label: `Why is this ${item(ctx)} being withdrawn?`, hint: 'For example “Merged into 2.3 by the Improvement Board on 30 November”. Inspectors will read this; the history stays on record.' },
    { ...EFFECTIVE_DATE, label: 'When was it withdrawn?' },
  ],
  descriptions: { ...EFFECTIVE_DESCRIPTIONS, reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter why it is being withdrawn' } },
  read: (raw, ctx) => {
    const when = effective(raw);
    return {
      problems: [...req(raw, 'reason'), ...when.problems],
      input: { ...when.fields },
      rows: [{ key: Item(ctx), value: `${ref(ctx)}: ${ctx.action!.title}` }, ...reasonRow(raw, 'Why it is withdrawn'), ...when.rows],
    };
  },
  button: 'Withdraw the action',
  panel: (ctx) => ({ title: `${Item(ctx)} ${ref(ctx)} withdrawn`, text: 'It no longer counts in the plan’s figures from the date it took effect. Its history and the reason stay on record.' }),
};

const reopen: ActionFormSpec = {
  slug: 'reopen',
  type: 'ReopenAction',
  command: ReopenActionCommand,
  inputClass: ReopenActionInput,
  heading: (ctx) => `Reopen ${item(ctx)} ${ref(ctx)}`,
  whyNot: (ctx) => (ctx.action!.status !== 'completed' ? `${Item(ctx)} ${ref(ctx)} is not completed, so there is nothing to reopen.` : undefined),
  fields: (ctx) => [
    { kind: 'textarea', name: 'reason', label: `Why is this ${item(ctx)} being reopened?`, hint: 'For example “The audit in March found the new process was not being followed”. Inspectors will read this.' },
    { ...EFFECTIVE_DATE, label: 'When was it reopened?' },
  ],
  descriptions: { ...EFFECTIVE_DESCRIPTIONS, reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter why it is being reopened' } },
  read: (raw, ctx) => {
    const when = effective(raw);
    return {
      problems: [...req(raw, 'reason'), ...when.problems],
      input: { ...when.fields },
      rows: [{ key: Item(ctx), value: `${ref(ctx)}: ${ctx.action!.title}` }, ...reasonRow(raw, 'Why it is reopened'), ...when.rows],
    };
  },
  button: 'Reopen the action',
  panel: (ctx) => ({ title: `${Item(ctx)} ${ref(ctx)} reopened`, text: 'It can be rated again. To be completed once more it needs evidence accepted and a new sign-off.' }),
};

/** The details an action is added or amended with, in the order the plan prints them. */
function detailFields(ctx: FormContext): FormField[] {
  return [
    { kind: 'textarea', name: 'title', label: `What is the ${item(ctx)}?`, hint: 'As the plan words it.' },
    { kind: 'text', name: 'lead', label: 'Lead (optional)', hint: 'The person or team as the plan names them, for example “Head of Service, Children in Care”.' },
    { kind: 'text', name: 'leadUser', label: 'The lead’s user name (optional)', hint: 'The account of the person leading it: they cannot also sign it off.', width: 'govuk-input--width-20' },
    { kind: 'text', name: 'seniorOwner', label: 'Senior responsible owner (optional)' },
    { kind: 'date', name: 'dueDate', label: 'When is it due? (optional)', hint: 'For example 31 3 2017.' },
    { kind: 'textarea', name: 'successMeasures', label: 'Success measures (optional)', hint: 'How the board will know it has worked.' },
  ];
}
const DETAIL_DESCRIPTIONS: Record<string, FieldDescription> = {
  priorityNumber: { anchor: 'priorityNumber', label: 'The priority', whenMissing: 'Select the priority it belongs to' },
  reference: { anchor: 'reference', label: 'The reference', whenMissing: 'Enter the reference, for example 3.2' },
  title: { anchor: 'title', label: 'The description', whenMissing: 'Enter what the action is' },
  lead: { anchor: 'lead', label: 'The lead' },
  leadUser: { anchor: 'leadUser', label: 'The lead’s user name' },
  seniorOwner: { anchor: 'seniorOwner', label: 'The senior responsible owner' },
  dueDate: { anchor: 'dueDate-day', label: 'The due date' },
  successMeasures: { anchor: 'successMeasures', label: 'The success measures' },
  initialRating: { anchor: 'initialRating', label: 'The first rating' },
  details: { anchor: 'title', label: 'The details' },
  ...EFFECTIVE_DESCRIPTIONS,
};

function readDetails(raw: Raw): { problems: FieldProblem[]; fields: Record<string, string | undefined>; dueIso?: string } {
  const due = dateOf(raw, 'dueDate', 'The due date');
  return {
    problems: due.problem ? [due.problem] : [],
    fields: { title: val(raw, 'title'), lead: val(raw, 'lead'), leadUser: val(raw, 'leadUser'), seniorOwner: val(raw, 'seniorOwner'), dueDate: due.iso, successMeasures: val(raw, 'successMeasures') },
  };
}
const DETAIL_LABELS: Record<string, string> = {
  priorityNumber: 'Priority',
  reference: 'Reference',
  title: 'Description',
  lead: 'Lead',
  leadUser: 'Lead’s user name',
  seniorOwner: 'Senior responsible owner',
  dueDate: 'Due',
  successMeasures: 'Success measures',
};

const addAction: ActionFormSpec = {
  slug: 'add-action',
  type: 'AddAction',
  command: AddActionCommand,
  inputClass: AddActionInput,
  heading: (ctx) => `Add ${/^[aeiou]/i.test(item(ctx)) ? 'an' : 'a'} ${item(ctx)}`,
  whyNot: (ctx) => (ctx.plan.priorities.length === 0 ? 'The plan has no priorities yet: add a priority first, then its actions.' : undefined),
  fields: (ctx) => [
    { kind: 'radios', name: 'priorityNumber', label: `Which ${pageWords(ctx.plan).group} is it part of?`, items: priorityItems(ctx), small: true },
    { kind: 'text', name: 'reference', label: 'Reference', hint: 'As the plan numbers it, for example 3.2 or NEW 1.', width: 'govuk-input--width-10' },
    ...detailFields(ctx),
    { kind: 'radios', name: 'initialRating', label: 'First rating', hint: 'Leave as not yet rated if the board has not rated it.', items: ratingItems(ctx, true), small: true },
    EFFECTIVE_DATE,
    BACKDATE_REASON,
  ],
  descriptions: DETAIL_DESCRIPTIONS,
  initial: (ctx) => ({ priorityNumber: ctx.priority ?? '', initialRating: '' }),
  read: (raw, ctx) => {
    const details = readDetails(raw);
    const when = effective(raw);
    const priority = val(raw, 'priorityNumber');
    const fields = given({ priorityNumber: priority === undefined ? undefined : /^\d+$/.test(priority) ? Number(priority) : priority, reference: val(raw, 'reference'), ...details.fields, initialRating: val(raw, 'initialRating') });
    const rows: AnswerRow[] = Object.entries(DETAIL_LABELS)
      .filter(([name]) => fields[name] !== undefined)
      .map(([name, key]) => ({ key, value: name === 'priorityNumber' ? priorityName(ctx, priority) : name === 'dueDate' ? displayDate(String(fields[name])) : String(fields[name]) }));
    const initial = val(raw, 'initialRating');
    return {
      problems: [...req(raw, 'priorityNumber', 'reference', 'title'), ...details.problems, ...when.problems],
      input: { ...fields, ...when.fields },
      rows: [...rows, initial ? { key: 'First rating', value: initial, code: initial } : { key: 'First rating', value: 'Not yet rated (TBC)' }, ...when.rows, ...reasonRow(raw)],
    };
  },
  button: 'Add the action',
  panel: (ctx, query) => ({ title: `${Item(ctx)} ${query.reference ?? ''} added`, text: 'It is now part of the plan and counts in its figures from the date it took effect.' }),
};

const amend: ActionFormSpec = {
  slug: 'amend',
  type: 'AmendAction',
  command: AmendActionCommand,
  inputClass: AmendActionInput,
  heading: (ctx) => `Change the details of ${item(ctx)} ${ref(ctx)}`,
  fields: (ctx) => [{ kind: 'radios', name: 'priorityNumber', label: `${pageWords(ctx.plan).Group}`, items: priorityItems(ctx), small: true }, ...detailFields(ctx), EFFECTIVE_DATE, BACKDATE_REASON],
  descriptions: DETAIL_DESCRIPTIONS,
  initial: (ctx) => {
    const a = ctx.action!;
    return { priorityNumber: String(a.priorityNumber), title: a.title, lead: a.lead ?? '', leadUser: a.leadUser ?? '', seniorOwner: a.seniorOwner ?? '', successMeasures: a.successMeasures ?? '', ...boxes('dueDate', a.dueDate) };
  },
  read: (raw, ctx) => {
    const a = ctx.action!;
    const details = readDetails(raw);
    const when = effective(raw);
    const priority = val(raw, 'priorityNumber');
    // Only what differs from the action as it stands is sent: every version is kept, and an unchanged field is not a change.
    const now: Record<string, string | undefined> = { priorityNumber: String(a.priorityNumber), title: a.title, lead: a.lead, leadUser: a.leadUser, seniorOwner: a.seniorOwner, dueDate: a.dueDate?.slice(0, 10), successMeasures: a.successMeasures };
    const typed: Record<string, string | undefined> = { priorityNumber: priority, ...details.fields };
    const changed = Object.keys(typed).filter((name) => typed[name] !== undefined && typed[name] !== now[name]);
    const show = (name: string, value: string | undefined) => (value === undefined ? 'none' : name === 'priorityNumber' ? priorityName(ctx, value) : name === 'dueDate' ? displayDate(value) : value);
    const problems = [...req(raw, 'title'), ...details.problems, ...when.problems];
    if (problems.length === 0 && changed.length === 0) problems.push({ field: 'details', message: 'Nothing has changed: change at least one detail, or go back to the action' });
    return {
      problems,
      input: { ...Object.fromEntries(changed.map((name) => [name, name === 'priorityNumber' ? Number(typed[name]) : typed[name]])), ...when.fields },
      rows: [...changed.map((name) => ({ key: DETAIL_LABELS[name], value: `${show(name, typed[name])} (was ${show(name, now[name])})` })), ...when.rows, ...reasonRow(raw)],
    };
  },
  button: 'Record the changes',
  panel: (ctx) => ({ title: `${Item(ctx)} ${ref(ctx)} changed`, text: 'The new details are on record; the earlier version stays in its history.' }),
};

/** The ratings that can be corrected: the rating changes on record, newest first. */
function ratingEntries(ctx: FormContext) {
  return (ctx.history?.entries ?? []).filter((e) => e.type === 'RatingChanged' && e.code !== undefined).reverse();
}

const correctRating: ActionFormSpec = {
  slug: 'correct-rating',
  type: 'CorrectRating',
  command: CorrectRatingCommand,
  inputClass: CorrectRatingInput,
  heading: (ctx) => `Correct a rating of ${item(ctx)} ${ref(ctx)}`,
  whyNot: (ctx) => (ratingEntries(ctx).length === 0 ? `${Item(ctx)} ${ref(ctx)} has no rating on record to correct.` : undefined),
  fields: (ctx) => [
    {
      kind: 'radios',
      name: 'correctsEventId',
      label: 'Which rating was wrong?',
      hint: 'The rating stays on record; the correction is a new entry that names it.',
      items: ratingEntries(ctx).map((e) => ({ value: e.eventId, text: `${e.code} effective ${displayEffective(e.effectiveAt)}`, hint: `Recorded ${displayDate(e.recordedAt)} by ${e.actor.id}${e.commentary ? `: “${e.commentary}”` : ''}` })),
      small: true,
    },
    { kind: 'radios', name: 'code', label: 'What should it have been?', items: ratingItems(ctx), small: true },
    { kind: 'textarea', name: 'commentary', label: 'Update from the service (optional)', hint: 'What the rating should have said, if that was wrong too.' },
    { kind: 'textarea', name: 'reason', label: 'Why is the rating being corrected?', hint: 'For example “Entered as Amber; the board agreed Green on 30 November”. Inspectors will read this.' },
  ],
  descriptions: {
    correctsEventId: { anchor: 'correctsEventId', label: 'The rating to correct', whenMissing: 'Select the rating that was wrong' },
    code: { anchor: 'code', label: 'The rating', whenMissing: 'Select what the rating should have been' },
    commentary: { anchor: 'commentary', label: 'The update from the service' },
    reason: { anchor: 'reason', label: 'The reason', whenMissing: 'Enter why the rating is being corrected' },
  },
  read: (raw, ctx) => {
    const corrects = ratingEntries(ctx).find((e) => e.eventId === raw.correctsEventId);
    const code = val(raw, 'code');
    return {
      problems: req(raw, 'correctsEventId', 'code', 'reason'),
      input: given({ correctsEventId: val(raw, 'correctsEventId'), code, commentary: val(raw, 'commentary'), reason: val(raw, 'reason') }),
      rows: [
        ...(corrects ? [{ key: 'The rating that was wrong', value: `${corrects.code} effective ${displayEffective(corrects.effectiveAt)}`, code: corrects.code }] : []),
        ...(code ? [{ key: 'Corrected to', value: code, code }] : []),
        ...(val(raw, 'commentary') ? [{ key: 'Update from the service', value: val(raw, 'commentary')! }] : []),
        ...reasonRow(raw, 'Why it is corrected'),
      ],
      rating: code && corrects ? { reference: ref(ctx), code, correctsEventId: corrects.eventId } : undefined,
    };
  },
  button: 'Record the correction',
  panel: () => ({ title: 'Rating corrected', text: 'The correction is on record beside the rating it corrects, which stays in the history.' }),
};

const criteria: ActionFormSpec = {
  slug: 'criteria',
  type: 'AssessCriteria',
  command: AssessCriteriaCommand,
  inputClass: AssessCriteriaInput,
  heading: (ctx) => `Assess the five criteria for ${item(ctx)} ${ref(ctx)}`,
  whyNot: (ctx) =>
    ctx.plan.ratingMethod !== 'criteria'
      ? `This plan rates its ${pageWords(ctx.plan).items} directly, not from the five criteria. Use “Rate this ${item(ctx)}” instead.`
      : ctx.action!.status !== 'open'
        ? `${Item(ctx)} ${ref(ctx)} is ${ctx.action!.status}, so it cannot be assessed.`
        : undefined,
  fields: () => [
    ...CRITERIA.map((c): FormField => ({ kind: 'radios', name: c, label: `${CRITERION_LABELS[c]}?`, items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], small: true })),
    EFFECTIVE_DATE,
    BACKDATE_REASON,
  ],
  descriptions: {
    ...Object.fromEntries(CRITERIA.map((c) => [c, { anchor: c, label: CRITERION_LABELS[c], whenMissing: `Select yes or no for ${CRITERION_LABELS[c].toLowerCase()}` }])),
    ...Object.fromEntries(CRITERIA.map((c) => [`criteria.${c}`, { anchor: c, label: CRITERION_LABELS[c] }])),
    ...EFFECTIVE_DESCRIPTIONS,
  },
  read: (raw, ctx) => {
    const when = effective(raw);
    const problems = [...req(raw, ...CRITERIA), ...when.problems];
    const answers = Object.fromEntries(CRITERIA.map((c) => [c, raw[c] === 'yes'])) as Record<(typeof CRITERIA)[number], boolean>;
    const derived = problems.length === 0 ? deriveRatingFromCriteria(answers) : undefined;
    return {
      problems,
      input: { criteria: answers, ...when.fields },
      rows: [
        ...CRITERIA.map((c) => ({ key: CRITERION_LABELS[c], value: raw[c] === 'yes' ? 'Yes' : 'No' })),
        ...(derived ? [{ key: 'The rating that follows', value: derived.code, code: derived.code }, { key: 'Because', value: derived.explanation }] : []),
        ...when.rows,
        ...reasonRow(raw),
      ],
      rating: derived ? { reference: ref(ctx), code: derived.code, effectiveAt: (when.fields.effectiveAt as string | undefined) ?? new Date().toISOString() } : undefined,
    };
  },
  button: 'Record the assessment',
  panel: () => ({ title: 'Criteria assessed', text: 'The assessment and the rating that follows from it are on record.' }),
};

const addMilestone: ActionFormSpec = {
  slug: 'add-milestone',
  type: 'AddMilestone',
  command: AddMilestoneCommand,
  inputClass: AddMilestoneInput,
  heading: (ctx) => `Add a milestone to ${item(ctx)} ${ref(ctx)}`,
  whyNot: (ctx) => (ctx.action!.status === 'withdrawn' ? `${Item(ctx)} ${ref(ctx)} has been withdrawn.` : undefined),
  fields: () => [
    { kind: 'textarea', name: 'title', label: 'What is the milestone?', hint: 'As the plan words it.' },
    { kind: 'date', name: 'dueDate', label: 'When is it due? (optional)', hint: 'For example 30 9 2017. Leave blank if it has no date yet (TBC).' },
    { kind: 'text', name: 'lead', label: 'Lead (optional)' },
    { kind: 'text', name: 'status', label: 'Status (optional)', hint: 'For example On track.', width: 'govuk-input--width-20' },
    EFFECTIVE_DATE,
    BACKDATE_REASON,
  ],
  descriptions: {
    title: { anchor: 'title', label: 'The milestone', whenMissing: 'Enter what the milestone is' },
    dueDate: { anchor: 'dueDate-day', label: 'The due date' },
    lead: { anchor: 'lead', label: 'The lead' },
    status: { anchor: 'status', label: 'The status' },
    ...EFFECTIVE_DESCRIPTIONS,
  },
  read: (raw) => {
    const due = dateOf(raw, 'dueDate', 'The due date');
    const when = effective(raw);
    const fields = given({ title: val(raw, 'title'), dueDate: due.iso, lead: val(raw, 'lead'), status: val(raw, 'status') });
    return {
      problems: [...req(raw, 'title'), ...(due.problem ? [due.problem] : []), ...when.problems],
      input: { ...fields, ...when.fields },
      rows: [
        { key: 'Milestone', value: val(raw, 'title') ?? '' },
        { key: 'Due', value: due.iso ? displayDate(due.iso) : 'No date yet (TBC)' },
        ...(fields.lead ? [{ key: 'Lead', value: String(fields.lead) }] : []),
        ...(fields.status ? [{ key: 'Status', value: String(fields.status) }] : []),
        ...when.rows,
        ...reasonRow(raw),
      ],
    };
  },
  button: 'Add the milestone',
  panel: (ctx) => ({ title: 'Milestone added', text: `It is listed on ${item(ctx)} ${ref(ctx)} and in the milestone reports.` }),
};

const milestoneOf = (ctx: FormContext) => ctx.action!.milestones.find((m) => m.milestoneId === ctx.milestoneId)!;

const milestoneStatus: ActionFormSpec = {
  slug: 'status',
  type: 'ChangeMilestoneStatus',
  command: ChangeMilestoneStatusCommand,
  inputClass: ChangeMilestoneStatusInput,
  heading: () => 'Update a milestone',
  whyNot: (ctx) => (ctx.action!.status === 'withdrawn' ? `${Item(ctx)} ${ref(ctx)} has been withdrawn.` : undefined),
  fields: (ctx) => [
    { kind: 'text', name: 'status', label: 'What is its status now?', hint: `Now: ${milestoneOf(ctx).status}. For example On track, Delayed, Achieved or Completed.`, width: 'govuk-input--width-20' },
    { kind: 'textarea', name: 'commentary', label: 'Comments (optional)' },
    EFFECTIVE_DATE,
    BACKDATE_REASON,
  ],
  descriptions: {
    status: { anchor: 'status', label: 'The status', whenMissing: 'Enter the milestone’s status, for example On track' },
    commentary: { anchor: 'commentary', label: 'The comments' },
    ...EFFECTIVE_DESCRIPTIONS,
  },
  read: (raw, ctx) => {
    const when = effective(raw);
    const m = milestoneOf(ctx);
    return {
      problems: [...req(raw, 'status'), ...when.problems],
      input: given({ milestoneId: m.milestoneId, status: val(raw, 'status'), commentary: val(raw, 'commentary'), ...when.fields }),
      rows: [
        { key: 'Milestone', value: m.title },
        { key: 'Status', value: `${val(raw, 'status') ?? ''} (was ${m.status})` },
        ...(val(raw, 'commentary') ? [{ key: 'Comments', value: val(raw, 'commentary')! }] : []),
        ...when.rows,
        ...reasonRow(raw),
      ],
    };
  },
  button: 'Record the status',
  panel: () => ({ title: 'Milestone updated', text: 'The new status is on record; the earlier ones stay in the history.' }),
};

const evidenceOf = (ctx: FormContext) => ctx.action!.evidence.find((e) => e.evidenceId === ctx.evidenceId)!;

const eraseEvidence: ActionFormSpec = {
  slug: 'erase',
  type: 'RedactEvidence',
  command: RedactEvidenceCommand,
  inputClass: RedactEvidenceInput,
  heading: () => 'Erase an evidence file',
  whyNot: (ctx) => {
    const e = evidenceOf(ctx);
    if (!e.fileHash) return `The evidence “${e.title}” has no file to erase.`;
    return e.redaction ? `The file of “${e.title}” was erased on ${displayEffective(e.redaction.redactedAt)}.` : undefined;
  },
  fields: () => [
    {
      kind: 'textarea',
      name: 'reason',
      label: 'What is the lawful basis for erasing the file?',
      hint: 'For example “Contains a child’s personal data; erasure request of 3 March under UK GDPR Article 17”. Inspectors will read this.',
    },
  ],
  descriptions: { reason: { anchor: 'reason', label: 'The lawful basis', whenMissing: 'Enter the lawful basis for erasing the file' } },
  read: (raw, ctx) => {
    const e = evidenceOf(ctx);
    return {
      problems: req(raw, 'reason'),
      input: given({ evidenceId: e.evidenceId, reason: val(raw, 'reason') }),
      rows: [
        { key: 'Evidence', value: e.title },
        { key: 'File', value: e.fileName ?? 'the file' },
        { key: 'Fingerprint kept on record', value: `SHA-256 ${e.fileHash}` },
        ...reasonRow(raw, 'Lawful basis'),
      ],
    };
  },
  button: 'Erase the file',
  panel: () => ({ title: 'File erased', text: 'The file can no longer be downloaded. The evidence, its SHA-256 fingerprint and the reason stay on record.' }),
};

/** The forms on one action, by the last part of their address. */
export const ACTION_FORMS: Record<string, ActionFormSpec> = Object.fromEntries([withdraw, reopen, amend, correctRating, criteria, addMilestone].map((s) => [s.slug, s]));
export const ADD_ACTION_FORM = addAction;
export const MILESTONE_STATUS_FORM = milestoneStatus;
export const ERASE_EVIDENCE_FORM = eraseEvidence;

/** Every name a form's boxes post under (a date is three boxes), to carry them through the check page. */
export function fieldNames(fields: FormField[]): string[] {
  return fields.flatMap((f) => (f.kind === 'date' ? [`${f.name}-day`, `${f.name}-month`, `${f.name}-year`] : [f.name]));
}
