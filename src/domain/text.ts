import { InvalidInput } from './errors';
import { LIMITS } from './limits';

/** Free text a person typed: trimmed, present, and of a length a committee report can hold. */
export function requireText(value: string | undefined, field: string, maxLength: number = LIMITS.text): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(field, 'is required');
  const trimmed = value.trim();
  if (trimmed.length > maxLength) throw new InvalidInput(field, `is ${trimmed.length} characters long; keep it to ${maxLength}`);
  return trimmed;
}

export function optionalText(value: string | undefined, field: string, maxLength: number = LIMITS.text): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return requireText(value, field, maxLength);
}
