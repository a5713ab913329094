import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER, requestIdFrom, setRequestId } from './request-id';
import { RequestLine } from './request-line';

const ASSETS = '/assets/';
/** nginx's word for a request whose client went away before the answer was sent. */
const CLIENT_CLOSED = 499;

interface RoutedRequest extends Request {
  caller?: { id: string };
}

/**
 * One log line per request, written when the answer has gone (or the client has): the request
 * id, who asked, the method, the route as declared, the status and the time taken. It names the
 * route pattern (`/api/plans/:planId/actions/:reference/ratings`), never the URL, so query values
 * (`?token=`), plan names typed into a path, headers, cookies and bodies never reach the log.
 * The request id comes from a sane incoming X-Request-Id, else is made here, and is sent back in
 * the answer's X-Request-Id, in the log line of any error the request meets, and in a 5xx body.
 *
 * Static assets (the pages' CSS and scripts, five or so per page) are logged only when they
 * fail: a line for each would bury the requests an operator is looking for.
 *
 * Mounted first, before helmet and the body parsers, so a request they refuse is logged too.
 */
export function requestLog(logger = new Logger('HTTP')) {
  return (request: RoutedRequest, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER.toLowerCase()]);
    setRequestId(request, requestId);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    let written = false;
    const write = (status: number) => {
      if (written) return;
      written = true;
      // originalUrl: a handler mounted at a path (app.use('/assets/…')) leaves request.url cut short.
      const asset = request.originalUrl.startsWith(ASSETS);
      if (asset && status < 400) return;
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const route = request.route ? `${request.baseUrl}${String(request.route.path)}` : asset ? `${ASSETS}*` : '(no route)';
      logger.log(new RequestLine({ requestId, user: request.caller?.id ?? '-', method: request.method, route, status, ms }));
    };
    response.once('finish', () => write(response.statusCode));
    response.once('close', () => write(response.writableFinished ? response.statusCode : CLIENT_CLOSED));
    next();
  };
}
