import { IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '../../domain/limits';

/**
 * A group's number (a priority, workstream or outcome, as the plan calls it): a whole number from 1
 * to LIMITS.priorityNumber. One decorator for the checks every input with a group number repeats;
 * each still registers its own metadata, so validation and the generated OpenAPI schema are unchanged.
 */
export function IsGroupNumber(): PropertyDecorator {
  // Applied in the order stacked decorators are (bottom up: @IsInt() @Min(1) @Max(…) runs Max first), so the
  // schema generator sees the same sequence and still says "integer".
  const checks = [Max(LIMITS.priorityNumber), Min(1), IsInt()];
  return (target, property) => {
    for (const check of checks) check(target, property as string);
  };
}
