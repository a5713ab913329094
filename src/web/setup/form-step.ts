import { FieldProblem, InvalidInput, NotPermitted } from '../../domain/errors';
import { Role } from '../../domain/roles';
import { ActorRef } from '../../domain/roles';
import { validatedInput } from '../../validation/validated-input';
import { IssuedBy } from '../../commands/shared/issued-by';
import { PlanSnapshot } from '../../projections/plan-snapshot/plan-snapshot';
import { KpiTable } from '../../projections/kpi-table/kpi-table';
import { FieldDescription } from '../form-errors';
import { PageWords } from '../plan-words-view';
import { roleName } from '../role-names';
import { dateParts, displayDate, isoFromParts } from '../web-dates';

/**
 * One form that records one command, in the GOV.UK "question, check your answers, confirmation"
 * pattern. The steps of setting up a plan and of its KPIs are each described once (the fields as
 * people fill them in, and how they become the command's input), and one controller walks each
 * through the same pages: so every one of them checks, keeps what was typed and names the field
 * the same way.
 */
export type FieldKind = 'text' | 'textarea' | 'number' | 'radios' | 'select' | 'date';

export interface StepField {
  /** The form's name for it, which is the command's field name, so the domain's refusals land by it. */
  name: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  /** Required boxes are checked before anything is sent, with GOV.UK's wording ("Enter the title"). */
  required?: boolean;
  whenMissing?: string;
  /** GOV.UK width class for short answers (govuk-input--width-4). */
  width?: string;
  items?: { value: string; text: string; hint?: string }[];
}

/** What a step reads to describe itself: the plan as it stands (absent before it is created), its words, its KPIs. */
export interface StepContext {
  plan?: PlanSnapshot;
  words: PageWords;
  kpis?: KpiTable;
}

/** The form's values as typed: text boxes trimmed; a date's three boxes as `<name>-day` and so on. */
export type Values = Record<string, string>;

export interface FormStep {
  slug: string;
  /** The page's heading, a question or an instruction in the plan's own words. */
  title: (ctx: StepContext) => string;
  /** Who is offered the form; the command's decider is still the judge. */
  roles: readonly Role[];
  fields: (ctx: StepContext) => StepField[];
  command: new (input: unknown, issuedBy: IssuedBy) => object;
  /** The command's input class: checked before the answers are shown, so a bad answer is named on the form. */
  inputClass: new () => object;
  /** The command's input from the typed values; problems for what cannot be read (a number that is not one). */
  input: (values: Values, ctx: StepContext) => { input: Record<string, unknown>; problems: FieldProblem[] };
  /** The answers the form opens with, when it is changing what the plan already says. */
  initial?: (ctx: StepContext) => Values;
  /** What the plan as it stands already says against the answers (a number in use), named by field before the check page. */
  check?: (values: Values, ctx: StepContext) => FieldProblem[];
  /** When the change took effect and why if earlier; 'reason' asks only why (a correction, a settings change). */
  timing: 'effective' | 'reason' | 'none';
  /** The button on the check page: what recording does. */
  submit: string;
  /** The confirmation panel's title. */
  recorded: (ctx: StepContext) => string;
}

export const EFFECTIVE = 'effectiveAt';

/** The fields a step's page shows, with when it took effect (or why) added after its own. */
export function fieldsOf(step: FormStep, ctx: StepContext): StepField[] {
  const own = step.fields(ctx);
  if (step.timing === 'none') return own;
  if (step.timing === 'reason') {
    return [...own, { name: 'reason', label: 'Why is this being changed?', kind: 'textarea', required: true, whenMissing: 'Enter why this is being changed', hint: 'Inspectors will read it beside the change.' }];
  }
  return [
    ...own,
    { name: EFFECTIVE, label: 'When did this take effect?', kind: 'date', hint: 'For example, the date of the board meeting that agreed it: 30 11 2016. Leave blank for today. It cannot be in the future.' },
    { name: 'reason', label: 'Reason for an earlier date (if needed)', kind: 'textarea', hint: 'Needed when the date is before today, for example “Agreed at the Improvement Board on 30 November, entered late”.' },
  ];
}

/** How the error summary names each field and where it links. */
export function descriptions(fields: StepField[]): Record<string, FieldDescription> {
  return Object.fromEntries(
    fields.map((f) => [
      f.name,
      {
        anchor: f.kind === 'date' ? `${f.name}-day` : f.name,
        label: f.name === EFFECTIVE ? 'The date it took effect' : f.name === 'reason' ? 'The reason' : f.label.replace(/\?$/, ''),
        whenMissing: f.whenMissing ?? (f.kind === 'radios' || f.kind === 'select' ? `Select the ${lowerFirst(f.label)}` : `Enter the ${lowerFirst(f.label)}`),
      },
    ]),
  );
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);

/** The values typed into a step's fields, from a urlencoded body or a query string. */
export function valuesFrom(source: unknown, fields: StepField[]): Values {
  const raw = (source && typeof source === 'object' ? source : {}) as Record<string, unknown>;
  const values: Values = {};
  for (const field of fields) {
    if (field.kind === 'date') {
      const parts = dateParts(raw, field.name);
      for (const [box, value] of Object.entries(parts)) if (value) values[`${field.name}-${box}`] = value;
    } else {
      const value = raw[field.name];
      if (typeof value === 'string' && value.trim() !== '') values[field.name] = value.trim();
    }
  }
  return values;
}

/** A number as people type it (85, 85.5, -2, 1,200); a problem naming the field otherwise. */
export function numberFrom(values: Values, name: string, label: string, problems: FieldProblem[]): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const cleaned = text.replace(/,(?=\d{3}\b)/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) {
    problems.push({ field: name, message: `${label} must be a number, for example 85 or 12.5` });
    return undefined;
  }
  return Number(cleaned);
}

/** A whole number (a group's or a section's number); a problem naming the field otherwise. */
export function wholeNumberFrom(values: Values, name: string, label: string, problems: FieldProblem[]): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d{1,3}$/.test(text)) {
    problems.push({ field: name, message: `${label} must be a whole number, for example 3` });
    return undefined;
  }
  return Number(text);
}

/** A date typed in three boxes as YYYY-MM-DD; a problem worded as GOV.UK words them otherwise. */
export function dateFrom(values: Values, name: string, label: string, problems: FieldProblem[]): string | undefined {
  const { iso, problem } = isoFromParts(dateParts(values, name), name, label);
  if (problem) problems.push(problem);
  return iso;
}

/** Every problem found before sending: required boxes left empty, what the step could not read, what the input class refuses. */
export function problemsBeforeSending(step: FormStep, ctx: StepContext, values: Values, planId: string | undefined): { input: Record<string, unknown>; problems: FieldProblem[] } {
  const fields = fieldsOf(step, ctx);
  const problems: FieldProblem[] = fields
    .filter((f) => f.required && (f.kind === 'date' ? !values[`${f.name}-day`] && !values[`${f.name}-month`] && !values[`${f.name}-year`] : values[f.name] === undefined))
    .map((f) => ({ field: f.name, message: 'is required' }));
  const built = step.input(values, ctx);
  problems.push(...built.problems.filter((p) => !problems.some((q) => q.field === p.field)));
  const input = { ...built.input };
  if (step.timing !== 'none') {
    if (step.timing === 'effective') {
      const effectiveAt = dateFrom(values, EFFECTIVE, 'The date it took effect', problems);
      if (effectiveAt) input.effectiveAt = effectiveAt;
    }
    if (values.reason) input.reason = values.reason;
  }
  if (problems.length === 0 && step.check) problems.push(...step.check(values, ctx));
  if (problems.length === 0) {
    try {
      validatedInput(step.inputClass, planId === undefined ? input : { planId, ...input });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      problems.push(...error.problems);
    }
  }
  return { input, problems };
}

/** The check-your-answers rows: each field as the person will read it back, with a link to change it. */
export function answerRows(fields: StepField[], values: Values, changeHref: string) {
  return fields
    .map((field) => {
      let text: string;
      if (field.kind === 'date') {
        const parts = dateParts(values, field.name);
        const { iso } = isoFromParts(parts, field.name, field.label);
        text = iso ? displayDate(iso) : field.name === EFFECTIVE ? 'Today' : '';
      } else if (field.kind === 'radios' || field.kind === 'select') {
        text = field.items?.find((i) => i.value === values[field.name])?.text ?? values[field.name] ?? '';
      } else text = values[field.name] ?? '';
      if (!text && field.name === 'reason') return undefined;
      return {
        key: { text: field.label.replace(/ \(if needed\)$/, '') },
        value: { text: text || 'Not given' },
        actions: { items: [{ href: `${changeHref}#${field.kind === 'date' ? `${field.name}-day` : field.name}`, text: 'Change', visuallyHiddenText: lowerFirst(field.label) }] },
      };
    })
    .filter((row) => row !== undefined);
}

/** The forms are offered only to the roles their command allows; opened by their address, they are refused up front. */
export function requireStepRole(step: FormStep, caller: ActorRef, doing: string): void {
  if (!(step.roles as readonly string[]).includes(caller.role)) {
    const who = step.roles.map((r) => `the ${roleName(r)}`).join(' or ');
    throw new NotPermitted(`${caller.id} (${roleName(caller.role)}) may not ${doing}; only ${who} may`);
  }
}

export function mayUse(step: FormStep, caller: ActorRef | undefined): boolean {
  return !!caller && (step.roles as readonly string[]).includes(caller.role);
}
