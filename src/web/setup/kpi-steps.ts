import * as commands from '../../commands';
import { FieldProblem } from '../../domain/errors';
import { ACTION_SHAPERS, RATERS } from '../../domain/permissions';
import { KpiRow } from '../../projections/kpi-table/kpi-table';
import { FormStep, numberFrom, StepContext, Values, wholeNumberFrom } from './form-step';

const texts = (values: Values, ...names: string[]) => Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n]]));

const kpiItems = (ctx: StepContext) => (ctx.kpis?.kpis ?? []).map((k) => ({ value: k.kpiId, text: `${k.kpiId}: ${k.name} (${k.period})` }));

/** "85 %", "12 days": a figure with its unit as the board writes it. */
export const withUnit = (value: number, unit: string) => (unit === '%' ? `${value}%` : `${value} ${unit}`);

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A KPI's period as people say it: "February 2024", "Q1 2018" (the log keeps 2024-02, 2018-Q1). */
export function periodName(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return MONTH.format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  return quarter ? `Q${quarter[2]} ${quarter[1]}` : period;
}

/**
 * The figure a correction names: the correction in force if there is one (correcting a
 * correction), else the figure as first given. The decider takes either.
 */
function figures(rows: KpiRow[]) {
  return rows.flatMap((k) => k.values.map((f) => ({ kpiId: k.kpiId, eventId: f.correction?.eventId ?? f.eventId, text: `${k.kpiId}, ${periodName(f.period)}: ${withUnit(f.value, k.unit)}` })));
}

/**
 * A plan's KPIs from the pages (src/commands/kpi): the board defines them (ACTION_SHAPERS, as
 * the KPI decider rules); leads and the board give each period's figure and correct one (RATERS).
 */
export const DEFINE_KPI: FormStep = {
  slug: 'define',
  title: () => 'Define a KPI',
  roles: ACTION_SHAPERS,
  command: commands.DefineKpiCommand,
  inputClass: commands.DefineKpiInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'kpiId', label: 'KPI reference', kind: 'text', required: true, width: 'govuk-input--width-10', hint: 'As the plan writes it, for example KPI 1' },
    { name: 'priorityNumber', label: ctx.words.Group, kind: 'select', required: true, items: (ctx.plan?.priorities ?? []).map((p) => ({ value: String(p.number), text: `${ctx.words.Group} ${p.number}: ${p.title}` })) },
    { name: 'name', label: 'What it measures', kind: 'text', required: true, hint: 'For example, Assessments completed within 45 working days' },
    { name: 'unit', label: 'Unit', kind: 'text', required: true, width: 'govuk-input--width-10', hint: 'For example, % or days' },
    { name: 'target', label: 'Target', kind: 'text', required: true, width: 'govuk-input--width-5', hint: 'A number, for example 85' },
    {
      name: 'betterWhen',
      label: 'Which way is better?',
      kind: 'radios',
      required: true,
      whenMissing: 'Select which way is better',
      items: [
        { value: 'higher', text: 'Higher is better', hint: 'For example, the % of assessments in time' },
        { value: 'lower', text: 'Lower is better', hint: 'For example, re-referrals' },
      ],
    },
    { name: 'amberWithin', label: 'Amber band (optional)', kind: 'text', width: 'govuk-input--width-5', hint: 'Amber when worse than the target by no more than this, in the KPI’s unit; Red beyond. Leave blank for no Amber.' },
    {
      name: 'period',
      label: 'How often is a figure given?',
      kind: 'radios',
      required: true,
      whenMissing: 'Select how often a figure is given',
      items: [
        { value: 'monthly', text: 'Monthly' },
        { value: 'quarterly', text: 'Quarterly', hint: 'Calendar quarters: Q1 is January to March' },
      ],
    },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const priorityNumber = wholeNumberFrom(values, 'priorityNumber', ctx.words.Group, problems);
    const target = numberFrom(values, 'target', 'The target', problems);
    const amberWithin = numberFrom(values, 'amberWithin', 'The Amber band', problems);
    return {
      input: {
        ...texts(values, 'kpiId', 'name', 'unit', 'betterWhen', 'period'),
        ...(priorityNumber !== undefined ? { priorityNumber } : {}),
        ...(target !== undefined ? { target } : {}),
        ...(amberWithin !== undefined ? { amberWithin } : {}),
      },
      problems,
    };
  },
  check: (values, ctx) => {
    const existing = ctx.kpis?.kpis.find((k) => values.kpiId !== undefined && k.kpiId.toLowerCase() === values.kpiId.toLowerCase());
    return existing ? [{ field: 'kpiId', message: `${existing.kpiId} is already defined (“${existing.name}”); give another reference` }] : [];
  },
  submit: 'Define the KPI',
  recorded: () => 'KPI defined',
};

export const RECORD_FIGURE: FormStep = {
  slug: 'figure',
  title: () => 'Give a KPI’s figure',
  roles: RATERS,
  command: commands.RecordKpiValueCommand,
  inputClass: commands.RecordKpiValueInput,
  // A figure takes effect from the start of its period: the period is its date.
  timing: 'none',
  fields: (ctx) => [
    { name: 'kpiId', label: 'KPI', kind: 'select', required: true, items: kpiItems(ctx) },
    { name: 'period', label: 'Period', kind: 'text', required: true, width: 'govuk-input--width-10', hint: 'A month for a monthly KPI, for example Apr 2018; a quarter for a quarterly one, for example Q1 2018' },
    { name: 'value', label: 'Figure', kind: 'text', required: true, width: 'govuk-input--width-5', hint: 'A number, for example 87.5' },
    { name: 'commentary', label: 'Commentary (optional)', kind: 'textarea', hint: 'What lies behind the figure' },
  ],
  input: (values) => {
    const problems: FieldProblem[] = [];
    const value = numberFrom(values, 'value', 'The figure', problems);
    return { input: { ...texts(values, 'kpiId', 'period', 'commentary'), ...(value !== undefined ? { value } : {}) }, problems };
  },
  submit: 'Record the figure',
  recorded: () => 'Figure recorded',
};

export const CORRECT_FIGURE: FormStep = {
  slug: 'correct',
  title: () => 'Correct a KPI’s figure',
  roles: RATERS,
  command: commands.CorrectKpiValueCommand,
  inputClass: commands.CorrectKpiValueInput,
  timing: 'reason',
  fields: (ctx) => [
    { name: 'correctsEventId', label: 'Figure to correct', kind: 'select', required: true, items: figures(ctx.kpis?.kpis ?? []).map((f) => ({ value: f.eventId, text: f.text })) },
    { name: 'value', label: 'Correct figure', kind: 'text', required: true, width: 'govuk-input--width-5' },
    { name: 'commentary', label: 'Commentary (optional)', kind: 'textarea' },
  ],
  // The KPI is the one whose figure is named; the original figure stays in the history beside the correction.
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const value = numberFrom(values, 'value', 'The correct figure', problems);
    const kpiId = figures(ctx.kpis?.kpis ?? []).find((f) => f.eventId === values.correctsEventId)?.kpiId;
    if (values.correctsEventId !== undefined && kpiId === undefined) problems.push({ field: 'correctsEventId', message: 'Select a figure from the list' });
    return { input: { ...texts(values, 'correctsEventId', 'commentary'), ...(kpiId ? { kpiId } : {}), ...(value !== undefined ? { value } : {}) }, problems };
  },
  submit: 'Record the correction',
  recorded: () => 'Figure corrected',
};

/**
 * Changing a KPI as the board agreed it (its group, wording, unit, target, direction or Amber
 * band): only what is typed is sent, and the decider records only what differs. How often a
 * figure is given cannot change, as the command has no such field (the figures already given
 * are for its periods).
 */
export const CHANGE_KPI: FormStep = {
  slug: 'change',
  title: () => 'Change a KPI',
  roles: ACTION_SHAPERS,
  command: commands.ChangeKpiCommand,
  inputClass: commands.ChangeKpiInput,
  timing: 'effective',
  fields: (ctx) => [
    { name: 'kpiId', label: 'KPI', kind: 'select', required: true, items: kpiItems(ctx) },
    { name: 'priorityNumber', label: `${ctx.words.Group} (optional)`, kind: 'select', items: [{ value: '', text: 'Keep as it is' }, ...(ctx.plan?.priorities ?? []).map((p) => ({ value: String(p.number), text: `${ctx.words.Group} ${p.number}: ${p.title}` }))] },
    { name: 'name', label: 'What it measures (optional)', kind: 'text', hint: 'Leave blank to keep it as it is' },
    { name: 'unit', label: 'Unit (optional)', kind: 'text', width: 'govuk-input--width-10' },
    { name: 'target', label: 'Target (optional)', kind: 'text', width: 'govuk-input--width-5', hint: 'A number, for example 90' },
    {
      name: 'betterWhen',
      label: 'Which way is better? (optional)',
      kind: 'radios',
      items: [
        { value: 'higher', text: 'Higher is better' },
        { value: 'lower', text: 'Lower is better' },
      ],
    },
    { name: 'amberWithin', label: 'Amber band (optional)', kind: 'text', width: 'govuk-input--width-5', hint: 'In the KPI’s unit; 0 for no Amber' },
  ],
  input: (values, ctx) => {
    const problems: FieldProblem[] = [];
    const priorityNumber = wholeNumberFrom(values, 'priorityNumber', ctx.words.Group, problems);
    const target = numberFrom(values, 'target', 'The target', problems);
    const amberWithin = numberFrom(values, 'amberWithin', 'The Amber band', problems);
    return {
      input: {
        ...texts(values, 'kpiId', 'name', 'unit', 'betterWhen'),
        ...(priorityNumber !== undefined ? { priorityNumber } : {}),
        ...(target !== undefined ? { target } : {}),
        ...(amberWithin !== undefined ? { amberWithin } : {}),
      },
      problems,
    };
  },
  // Named before the check page; the decider would refuse it only once confirmed, and for the form as a whole.
  check: (values, ctx) => {
    const kpi = ctx.kpis?.kpis.find((k) => k.kpiId === values.kpiId);
    if (!kpi) return values.kpiId === undefined ? [] : [{ field: 'kpiId', message: 'Select a KPI from the list' }];
    const differs =
      (values.priorityNumber !== undefined && Number(values.priorityNumber) !== kpi.priorityNumber) ||
      (values.name !== undefined && values.name !== kpi.name) ||
      (values.unit !== undefined && values.unit !== kpi.unit) ||
      (values.target !== undefined && Number(values.target.replace(/,/g, '')) !== kpi.target) ||
      (values.betterWhen !== undefined && values.betterWhen !== kpi.betterWhen) ||
      (values.amberWithin !== undefined && Number(values.amberWithin.replace(/,/g, '')) !== (kpi.amberWithin ?? 0));
    return differs ? [] : [{ field: 'name', message: `Enter what is to change about ${kpi.kpiId}; nothing typed differs from it now` }];
  },
  submit: 'Change the KPI',
  recorded: () => 'KPI changed',
};

export const KPI_STEPS: Record<string, FormStep> = Object.fromEntries([DEFINE_KPI, CHANGE_KPI, RECORD_FIGURE, CORRECT_FIGURE].map((s) => [s.slug, s]));
