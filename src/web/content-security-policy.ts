import { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * A strict policy for the pages: scripts and styles only from this server, no
 * inline script or style, no plugins, no framing. The GOV.UK Frontend script and
 * its initialisation are static files, so nothing inline is needed.
 *
 * `upgrade-insecure-requests` is left out on purpose: the server listens on plain
 * HTTP by default (127.0.0.1, or behind a TLS proxy), and that directive would send
 * the browser to https:// for every stylesheet and form post.
 *
 * Swagger UI at /api/docs writes inline styles, so it keeps helmet's default policy.
 */
const STRICT = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
  },
});
const API_DOCS = helmet.contentSecurityPolicy();

export function contentSecurityPolicy(): RequestHandler {
  return (request, response, next) => (request.path.startsWith('/api/docs') ? API_DOCS : STRICT)(request, response, next);
}
