import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem, InvalidInput } from '../domain/errors';

/**
 * Turn a raw body (from HTTP, the CLI or an import row) into a validated input
 * object, or throw InvalidInput naming every field at fault. Unknown fields are
 * refused rather than ignored, so a typo ("comentary") is not silently lost.
 */
export function validatedInput<T extends object>(type: new () => T, raw: unknown): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidInput('body', 'expected a JSON object with the fields of the command');
  }
  const input = plainToInstance(type, raw, { enableImplicitConversion: false });
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw InvalidInput.of(flatten(errors));
  return input;
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {}).map((message) => withoutFieldName(message, error.property));
    // One line per field: "is required" says it all for a missing one.
    const own = messages.length === 0 ? [] : [{ field, message: error.value === undefined ? 'is required' : messages.join('; ') }];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator starts its messages with the property name; we already name the field. */
function withoutFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
