import type { NextFunction, Request, Response } from 'express';
import { InvalidInput } from '../domain/errors';

/**
 * Every API query parameter is one piece of text. Express's parser turns `?x=1&x=2`
 * into an array and `?x[a]=1` into an object, which the controllers' string checks
 * were never written for (an array reached `.trim()` and gave a 500): refused here,
 * naming the parameter, before any controller sees it.
 */
export function singleQueryValues(request: Request, _response: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(request.query)) {
    if (typeof value !== 'string') return next(new InvalidInput(name.slice(0, 60), Array.isArray(value) ? 'is given more than once; give it once' : 'must be plain text, e.g. ?name=value'));
  }
  next();
}
