import { Response } from 'express';
import { ActorRef } from '../../domain/roles';
import { FieldProblem, NotFound } from '../../domain/errors';
import { formErrors, FormErrors } from '../form-errors';
import { PlanReads } from '../plan-reads';
import { sendForm } from '../send-form';
import { requireCsrf } from '../csrf';
import { WebPages, WebRequest } from '../web-pages';
import { answerRows, descriptions, fieldsOf, FormStep, problemsBeforeSending, requireStepRole, StepContext, StepField, Values, valuesFrom } from './form-step';

/** Where a step's pages live and what the person is doing, for the pages' back links and refusals. */
export interface StepPlace {
  /** The form's address; its check page posts back to it, its confirmation is `${form}/recorded`. */
  form: string;
  /** The page the step belongs to (the task list, the KPI table). */
  back: { href: string; text: string };
  /** The plan's id, for the command; absent while the plan is being created (it is one of the fields). */
  planId?: string;
  /** Where to go once recorded, when not the step's own confirmation page. */
  done?: (values: Values) => string;
}

/**
 * The three pages of every form step: the question (with what was typed, and errors by each
 * field), check your answers (nothing recorded yet; each answer can be changed), and the
 * confirmation. The command is sent only from the check page, as the signed-in caller.
 */
export class StepPages {
  constructor(
    private readonly reads: PlanReads,
    private readonly pages: WebPages,
  ) {}

  /** The question page; a "Change" link from the check page comes back with the answers in its query. */
  showForm(request: WebRequest, response: Response, caller: ActorRef, step: FormStep, ctx: StepContext, place: StepPlace, query: unknown): void {
    requireStepRole(step, caller, lowerFirst(step.title(ctx)));
    const fields = fieldsOf(step, ctx);
    const given = valuesFrom(query, fields);
    const values = Object.keys(given).length === 0 && step.initial ? step.initial(ctx) : given;
    this.renderForm(request, response, step, ctx, place, fields, values, { summary: [], byField: {} }, 200);
  }

  async post(request: WebRequest, response: Response, caller: ActorRef, step: FormStep, ctx: StepContext, place: StepPlace, body: unknown): Promise<void> {
    requireStepRole(step, caller, lowerFirst(step.title(ctx)));
    requireCsrf(request, body);
    const fields = fieldsOf(step, ctx);
    const values = valuesFrom(body, fields);
    const { input, problems } = problemsBeforeSending(step, ctx, values, place.planId);
    const showAgain = (errors: FormErrors, status: number) => this.renderForm(request, response, step, ctx, place, fields, values, errors, status);
    if (problems.length > 0) return showAgain(formErrors(problems, descriptions(fields)), 400);
    const confirmed = body && typeof body === 'object' && (body as Record<string, unknown>).confirmed === 'yes';
    if (!confirmed) return this.renderCheck(request, response, step, ctx, place, fields, values);
    const planId = place.planId ?? (input.planId as string);
    await sendForm({
      request,
      response,
      fields: descriptions(fields),
      problems: [] as FieldProblem[],
      send: () => this.reads.send(step.command, { ...input, planId }, caller),
      done: place.done ? place.done(values) : `${place.form}/recorded`,
      showAgain,
    });
  }

  showRecorded(request: WebRequest, response: Response, step: FormStep | undefined, ctx: StepContext, place: StepPlace): void {
    if (!step) throw new NotFound('There is no such form');
    this.pages.render(request, response, 'step-recorded.njk', { pageTitle: step.recorded(ctx), now: ctx.plan, title: step.recorded(ctx), step, again: place.form, back: place.back, againText: step.title(ctx) });
  }

  private renderForm(request: WebRequest, response: Response, step: FormStep, ctx: StepContext, place: StepPlace, fields: StepField[], values: Values, errors: FormErrors, status: number): void {
    this.pages.render(
      request,
      response,
      'step-form.njk',
      { pageTitle: step.title(ctx), now: ctx.plan, title: step.title(ctx), fields: fields.map((f) => fieldView(f, values, errors)), action: place.form, back: place.back, errors },
      status,
    );
  }

  private renderCheck(request: WebRequest, response: Response, step: FormStep, ctx: StepContext, place: StepPlace, fields: StepField[], values: Values): void {
    const changeHref = `${place.form}?${new URLSearchParams(values).toString()}`;
    this.pages.render(request, response, 'step-check.njk', {
      pageTitle: `Check your answers: ${lowerFirst(step.title(ctx))}`,
      now: ctx.plan,
      title: step.title(ctx),
      rows: answerRows(fields, values, changeHref),
      hidden: Object.entries(values).map(([name, value]) => ({ name, value })),
      action: place.form,
      submit: step.submit,
      back: { href: changeHref, text: 'Back' },
    });
  }
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** A field as the template draws it: its value(s) as typed and its error, if any. */
function fieldView(field: StepField, values: Values, errors: FormErrors) {
  return {
    ...field,
    value: values[field.name],
    boxes: field.kind === 'date' ? { day: values[`${field.name}-day`], month: values[`${field.name}-month`], year: values[`${field.name}-year`] } : undefined,
    error: errors.byField[field.name],
  };
}
