import { Response } from 'express';
import { ConcurrencyError, FieldProblem, InvalidInput, RuleBroken } from '../domain/errors';
import { requireCsrf } from './csrf';
import { FieldDescription, formError, FormErrors, formErrors } from './form-errors';
import { WebRequest } from './web-pages';

export interface FormSubmission {
  request: WebRequest;
  response: Response;
  fields: Record<string, FieldDescription>;
  /** Problems found before sending (a date that is not a date, a required box left empty). */
  problems: FieldProblem[];
  send: () => Promise<unknown>;
  /** Where to go once recorded (POST, redirect, GET: a reload never records twice); given what was recorded, when it names it. */
  done: string | ((recorded: unknown) => string);
  showAgain: (errors: FormErrors, status: number) => Promise<void> | void;
}

/**
 * The life of every form post: check the CSRF token, send the command, and on
 * bad input or a broken rule show the form again with a GOV.UK error summary.
 * A refusal for the caller's role is left to the error page (403).
 */
export async function sendForm(form: FormSubmission): Promise<void> {
  requireCsrf(form.request, form.request.body);
  if (form.problems.length > 0) return form.showAgain(formErrors(form.problems, form.fields), 400);
  let recorded: unknown;
  try {
    recorded = await form.send();
  } catch (error) {
    if (error instanceof InvalidInput) return form.showAgain(formErrors(error.problems, form.fields), 400);
    if (error instanceof RuleBroken || error instanceof ConcurrencyError) return form.showAgain(formError(error.message), 409);
    throw error;
  }
  form.response.redirect(303, typeof form.done === 'string' ? form.done : form.done(recorded));
}

/** A required box left empty, named the way the domain would name it. */
export function required(values: Record<string, string | undefined>): FieldProblem[] {
  return Object.entries(values)
    .filter(([, value]) => value === undefined)
    .map(([field]) => ({ field, message: 'is required' }));
}
