import { NotAuthenticated } from '../auth/not-authenticated.error';
import { ConcurrencyError, DomainError, InvalidInput, RuleBroken } from '../domain/errors';
import { storageFaultOf } from '../storage-fault';
import { ServerRefusal } from './server-client';

/** Exit codes a script can act on: 2 bad input, 3 not permitted, 4 not found, 5 conflict or broken rule, 6 verification failed, 7 the disk cannot take a write. */
export function exitCodeFor(error: unknown): number {
  const storage = storageFaultOf(error);
  if (storage) return storage.exitCode;
  if (error instanceof ConcurrencyError) return 5;
  if (error instanceof DomainError) return { 400: 2, 403: 3, 404: 4, 409: 5 }[error.status];
  const code = (error as { exitCode?: number }).exitCode;
  return typeof code === 'number' ? code : 1;
}

export function describeError(error: unknown): string {
  const storage = storageFaultOf(error);
  if (storage) return `Cannot record: ${storage.message}\n  (${storage.detail})`;
  if (error instanceof InvalidInput) return `Invalid input:\n${error.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`;
  if (error instanceof ConcurrencyError) return `Conflict: ${error.message}`;
  if (error instanceof NotAuthenticated) return `Not authenticated: ${error.message} Nothing was recorded.`;
  if (error instanceof ServerRefusal) return error.message;
  // The rule's name too, as the API gives it in `rule`, so a script can tell one refusal from another.
  if (error instanceof RuleBroken) return `Refused: ${error.message} (rule: ${error.rule})`;
  if (error instanceof DomainError) return `${error.status === 403 ? 'Not permitted' : error.status === 404 ? 'Not found' : 'Refused'}: ${error.message}`;
  return `Error: ${(error as Error)?.message ?? String(error)}`;
}
