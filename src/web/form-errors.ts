import { FieldProblem } from '../domain/errors';

export interface ErrorSummaryItem {
  text: string;
  href?: string;
}

/** What a form page needs to show errors the GOV.UK way: a summary at the top linking to each field, and a message by the field. */
export interface FormErrors {
  summary: ErrorSummaryItem[];
  byField: Record<string, string>;
}

export interface FieldDescription {
  /** The id of the element the summary links to (a date input's day box, a radio group's first radio). */
  anchor: string;
  /** How the field is named on the page, to start messages such as "must be 4000 characters or fewer". */
  label: string;
  /** The GOV.UK-style message when the field is missing, e.g. "Select a rating". */
  whenMissing?: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function formErrors(problems: FieldProblem[], fields: Record<string, FieldDescription>): FormErrors {
  const summary: ErrorSummaryItem[] = [];
  const byField: Record<string, string> = {};
  for (const problem of problems) {
    const field = fields[problem.field];
    let text: string;
    if (field && problem.message === 'is required') text = field.whenMissing ?? `Enter ${field.label.toLowerCase()}`;
    else if (field && /^(must|is|should|has) /.test(problem.message)) text = `${field.label} ${problem.message}`;
    else text = capitalise(problem.message);
    if (field) {
      if (byField[problem.field]) continue;
      byField[problem.field] = text;
      summary.push({ text, href: `#${field.anchor}` });
    } else {
      summary.push({ text });
    }
  }
  return { summary, byField };
}

/** A form-level error with no field to point at: a rule of the plan, or a concurrent change. */
export function formError(message: string): FormErrors {
  return { summary: [{ text: message }], byField: {} };
}

/** A string field from a urlencoded body, trimmed; anything else (arrays, objects from qs) is ignored. */
export function textField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
