import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger, Optional, UnauthorizedException } from '@nestjs/common';
import { Response } from 'express';
import { ConcurrencyError, DomainError, InvalidInput, NotPermitted } from '../domain/errors';
import { describeWait, TooManyAttempts } from '../auth/too-many-attempts.error';
import { VerificationRunning } from '../audit/verification-running.error';
import { EvidenceFileAltered } from '../evidence/evidence-file-altered.error';
import { storageFaultOf } from '../storage-fault';
import { StorageHealth } from '../storage-health';
import { FormExpired } from './csrf';
import { requestIdOf } from '../observability/request-id';
import { inRoleNames, roleName } from './role-names';
import { WebPages, WebRequest } from './web-pages';

/**
 * Errors on the web pages become pages, not JSON: a visitor who is not signed in
 * is sent to the sign-in page and brought back afterwards; a refusal says who
 * they are signed in as and why they cannot; nothing shows a stack trace.
 */
@Catch()
@Injectable()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly pages: WebPages,
    @Optional() private readonly storage?: StorageHealth,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof UnauthorizedException) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/sign-in${next}`);
      return;
    }
    // The disk, not the form: what was typed is not the problem, so the page says so, and health is told.
    const storage = storageFaultOf(error);
    if (storage) {
      this.storage?.noteRefused(storage);
      response.setHeader('Retry-After', String(storage.retryAfterSeconds));
    }
    const page = storage
      ? { status: 503, title: 'The service cannot record anything just now', paragraphs: [storage.message, 'What you entered is not the problem: send it again once there is room.'] }
      : this.describe(error, request);
    // As the API answers it: the page says to try again, the header says when.
    if (error instanceof VerificationRunning) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    this.pages.render(request, response, 'error.njk', { ...page, pageTitle: page.title, back: backTo(request.path) }, page.status);
  }

  private describe(error: unknown, request: WebRequest): { status: number; title: string; paragraphs: string[]; problems?: { field: string; message: string }[] } {
    const who = request.caller ? `You are signed in as ${request.caller.id} (${roleName(request.caller.role)}).` : '';
    if (error instanceof FormExpired) return { status: 403, title: 'This form has expired', paragraphs: [error.message] };
    if (error instanceof NotPermitted) {
      return { status: 403, title: 'You cannot do this', paragraphs: [who, `${inRoleNames(error.message)}.`, 'Nothing has been recorded.'].filter(Boolean) };
    }
    if (error instanceof InvalidInput) return { status: 400, title: 'There is a problem with what was asked for', paragraphs: ['Nothing has been recorded.'], problems: error.problems };
    if (error instanceof DomainError && error.status === 404) return { status: 404, title: 'Page not found', paragraphs: [error.message] };
    if (error instanceof DomainError) return { status: error.status, title: 'This cannot be done', paragraphs: [error.message, 'Nothing has been recorded.'] };
    if (error instanceof ConcurrencyError) return { status: 409, title: 'Someone else changed this first', paragraphs: [error.message] };
    if (error instanceof EvidenceFileAltered) return { status: 409, title: 'This file has been changed since it was uploaded', paragraphs: [error.message] };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (error instanceof VerificationRunning) return { status, title: 'A check is already running', paragraphs: [error.message] };
      if (status === HttpStatus.TOO_MANY_REQUESTS) {
        const wait = error instanceof TooManyAttempts ? describeWait(error.retryAfterSeconds) : 'a minute';
        return { status, title: 'Too many attempts', paragraphs: [`There have been too many failed sign-ins for this account or from this address. Wait ${wait}, then try again.`] };
      }
      if (status === HttpStatus.FORBIDDEN) return { status, title: 'You cannot do this', paragraphs: [who, inRoleNames(error.message)].filter(Boolean) };
      if (status === HttpStatus.NOT_FOUND) return { status, title: 'Page not found', paragraphs: ['If you typed the web address, check it is correct.'] };
      return { status, title: 'There is a problem', paragraphs: [error.message] };
    }
    // The request's id in the log line and on the page, so the administrator can find what happened.
    const requestId = requestIdOf(request);
    this.logger.error(`${requestId ? `request=${requestId} ` : ''}${error instanceof Error ? error.stack : String(error)}`);
    const quote = requestId ? ` Quote reference ${requestId}.` : '';
    return { status: 500, title: 'Sorry, there is a problem with the service', paragraphs: [`Nothing has been recorded. Try again later, and tell the administrator if it keeps happening.${quote}`] };
  }
}

/** Where "go back" leads from a page that failed: the action for its forms, the plan for its pages, else the list of plans. */
export function backTo(path: string): { href: string; text: string } {
  const action = /^\/plans\/([^/]+)\/actions\/([^/]+)\/.+/.exec(path);
  if (action) return { href: `/plans/${action[1]}/actions/${action[2]}`, text: `Go back to action ${safeDecode(action[2])}` };
  const plan = /^\/plans\/([^/]+)\/.+/.exec(path);
  if (plan) return { href: `/plans/${plan[1]}`, text: 'Go back to the plan' };
  return { href: '/plans', text: 'Go to the list of plans' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
