import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { Response } from 'express';
import { ConcurrencyError, DomainError, InvalidInput } from '../domain/errors';
import { TamperEvidence } from '../audit/tamper-evidence.error';
import { NotAuthenticated } from '../auth/not-authenticated.error';
import { EvidenceFileAltered } from '../evidence/evidence-file-altered.error';
import { requestIdOf } from '../observability/request-id';
import { storageFaultOf } from '../storage-fault';
import { StorageHealth } from '../storage-health';

/**
 * Every error becomes a JSON answer a client can act on: the status, a message
 * that says what to do, and for bad input each field at fault. Never a stack trace.
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
    const { status, body } = storage
      ? { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: storage.message, storage: storage.kind } as Record<string, unknown> }
      : this.describe(error, requestId);
    // A 5xx carries the request's id, so whoever meets it can quote it and an operator find its log lines.
    if (status >= 500 && requestId) body.requestId = requestId;
    const retryAfter = storage?.retryAfterSeconds ?? (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json(body);
  }

  private describe(error: unknown, requestId: string | undefined): { status: number; body: Record<string, unknown> } {
    if (error instanceof InvalidInput) return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: error.message, fields: error.problems } };
    if (error instanceof DomainError) {
      const name = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[error.status];
      return { status: error.status, body: { statusCode: error.status, error: name, message: error.message, ...('rule' in error ? { rule: error.rule } : {}) } };
    }
    if (error instanceof NotAuthenticated) return { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: error.message } };
    if (error instanceof TamperEvidence) return { status: 409, body: { statusCode: 409, error: 'Conflict', message: error.message, rule: 'log-matches-checkpoints' } };
    if (error instanceof EvidenceFileAltered) return { status: 409, body: { statusCode: 409, error: 'Conflict', message: error.message, rule: 'evidence-matches-hash' } };
    if (error instanceof ConcurrencyError) return { status: 409, body: { statusCode: 409, error: 'Conflict', message: error.message, rule: 'expected-version' } };
    if (error instanceof HttpException) {
      const res = error.getResponse();
      return { status: error.getStatus(), body: typeof res === 'object' ? { ...(res as Record<string, unknown>) } : { statusCode: error.getStatus(), message: res } };
    }
    const bodyError = describeBodyParserError(error);
    if (bodyError) return bodyError;
    this.logger.error(`${requestId ? `request=${requestId} ` : ''}${error instanceof Error ? error.stack : String(error)}`);
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; nothing was recorded. Try again, and tell the administrator if it keeps happening.' } };
  }
}

/** Errors from Express's body parsers (too large, not JSON, bad charset) carry a 4xx status of their own. */
function describeBodyParserError(error: unknown): { status: number; body: Record<string, unknown> } | undefined {
  const e = error as { status?: number; type?: string; expose?: boolean; message?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status > 499 || !e.expose) return undefined;
  const messages: Record<string, string> = {
    'entity.too.large': 'The request body is too large; send at most 1 MB of JSON, and upload files through the evidence upload',
    'entity.parse.failed': 'The request body is not valid JSON; check quotes, commas and brackets',
    'encoding.unsupported': 'The request body uses an encoding the server does not read; send UTF-8',
    'charset.unsupported': 'The request body uses a character set the server does not read; send UTF-8',
  };
  return { status: e.status, body: { statusCode: e.status, error: e.status === 413 ? 'Payload Too Large' : 'Bad Request', message: messages[e.type ?? ''] ?? 'The request could not be read', ...(e.status === 400 ? { fields: [{ field: 'body', message: messages[e.type ?? ''] ?? 'could not be read' }] } : {}) } };
}
