import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * A request id from a proxy or a client in front is kept, so one id follows a request through
 * every log, but only if it is short and plain (letters, digits, `.`, `_`, `:`, `-`; at most 64):
 * anything else could break a log line or smuggle text into it, and gets a fresh id instead.
 */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && PLAIN_ID.test(incoming) ? incoming : randomUUID();
}

interface WithRequestId {
  requestId?: string;
}

/** The id given to this request by the request log (src/observability/request-log.ts), for an error's log line and 5xx body. */
export function requestIdOf(request: unknown): string | undefined {
  return (request as WithRequestId | undefined)?.requestId;
}

export function setRequestId(request: unknown, id: string): void {
  (request as WithRequestId).requestId = id;
}
