import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { Response } from 'express';
import { ConcurrencyError, DomainError, InvalidInput } from '../domain/errors';
import { TamperEvidence } from '../audit/tamper-evidence.error';
import { NotAuthenticated } from '../auth/not-authenticated.error';
import { EvidenceFileAltered } from '../evidence/evidence-file-altered.error';
import { requestIdOf } from '../observability/request-id';
import { storageFaultOf } from '../storage-fault';
import { StorageHealth } from '../storage-health';
import { problem, ProblemDetails, sendProblem } from './problem-details';

/**
 * Every error becomes an RFC 9457 problem (application/problem+json) a client can act on: its
 * type, a title, the status, a detail that says what to do, and for bad input each field at fault
 * (`fields`), for a broken rule the rule (`rule`). Never a stack trace.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(@Optional() private readonly storage?: StorageHealth) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(host.switchToHttp().getRequest());
    // The disk, not the request: 503 with Retry-After, the same words on every route, and health told.
    const storage = storageFaultOf(error);
    if (storage) this.storage?.noteRefused(storage);
    const body = storage ? problem(503, storage.message, { storage: storage.kind }) : this.describe(error, requestId);
    // A 5xx carries the request's id, so whoever meets it can quote it and an operator find its log lines.
    if (body.status >= 500 && requestId) body.requestId = requestId;
    const retryAfter = storage?.retryAfterSeconds ?? (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if ((body.status === 429 || body.status === 503) && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    sendProblem(response, body);
  }

  private describe(error: unknown, requestId: string | undefined): ProblemDetails {
    if (error instanceof InvalidInput) return problem(400, error.message, { fields: error.problems });
    if (error instanceof DomainError) return problem(error.status, error.message, 'rule' in error ? { rule: error.rule } : {});
    if (error instanceof NotAuthenticated) return problem(401, error.message);
    if (error instanceof TamperEvidence) return problem(409, error.message, { rule: 'log-matches-checkpoints' }, 'log-tampered');
    if (error instanceof EvidenceFileAltered) return problem(409, error.message, { rule: 'evidence-matches-hash' }, 'evidence-altered');
    if (error instanceof ConcurrencyError) return problem(409, error.message, { rule: 'expected-version' }, 'edit-conflict');
    if (error instanceof HttpException) return fromHttpException(error);
    const bodyError = describeBodyParserError(error);
    if (bodyError) return bodyError;
    this.logger.error(`${requestId ? `request=${requestId} ` : ''}${error instanceof Error ? error.stack : String(error)}`);
    return problem(500, 'Something went wrong on our side; nothing was recorded. Try again, and tell the administrator if it keeps happening.');
  }
}

/** Nest's own exceptions (the guard's 401, a route not found, readiness's 503): their message as the detail, any other fields kept. */
function fromHttpException(error: HttpException): ProblemDetails {
  const status = error.getStatus();
  const res = error.getResponse();
  if (typeof res !== 'object' || res === null) return problem(status, String(res));
  const { statusCode: _status, error: _name, message, ...rest } = res as Record<string, unknown>;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  // A route that does not exist: say which, in words, rather than Express's "Cannot GET /x".
  const said = status === 404 && /^Cannot [A-Z]+ /.test(detail) ? `There is nothing at ${detail.replace(/^Cannot /, '')}; the API's routes are listed at /api/docs` : detail;
  return problem(status, said, rest);
}

/** Errors from Express's body parsers (too large, not JSON, bad charset) carry a 4xx status of their own. */
function describeBodyParserError(error: unknown): ProblemDetails | undefined {
  const e = error as { status?: number; type?: string; expose?: boolean; message?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status > 499 || !e.expose) return undefined;
  const messages: Record<string, string> = {
    'entity.too.large': 'The request body is too large; send at most 1 MB of JSON, and upload files through the evidence upload',
    'entity.parse.failed': 'The request body is not valid JSON; check quotes, commas and brackets',
    'encoding.unsupported': 'The request body uses an encoding the server does not read; send UTF-8',
    'charset.unsupported': 'The request body uses a character set the server does not read; send UTF-8',
  };
  const detail = messages[e.type ?? ''] ?? 'The request could not be read';
  return problem(e.status, detail, e.status === 400 ? { fields: [{ field: 'body', message: messages[e.type ?? ''] ?? 'could not be read' }] } : {});
}
