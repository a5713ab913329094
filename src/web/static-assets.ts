import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Request, Response } from 'express';
import { projectRoot } from '../project-root';
import { ragStylesheet } from './rag-colours';

export const GOVUK_FRONTEND_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const WEB_DIR = join(projectRoot(), 'src', 'web');

/**
 * GOV.UK Frontend's stylesheet without the GDS Transport font: the font (and the
 * crown) are licensed for GOV.UK domains only, and a council's service is not one,
 * so text falls back to Arial as the Design System asks of services off GOV.UK.
 */
export function stylesheetWithoutTransportFont(css: string): string {
  return css.replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '').replace(/GDS Transport,/g, '');
}

const ONE_HOUR = 3600;
const cacheFor = (response: Response) => response.setHeader('Cache-Control', `public, max-age=${ONE_HOUR}`);

/** Everything the pages load, public and outside the auth guard: GOV.UK Frontend's CSS and JS, our own small files, the RAG colours. */
export function serveStaticAssets(app: NestExpressApplication): void {
  const css = stylesheetWithoutTransportFont(readFileSync(join(GOVUK_FRONTEND_DIST, 'govuk', 'govuk-frontend.min.css'), 'utf8'));
  const script = join(GOVUK_FRONTEND_DIST, 'govuk', 'govuk-frontend.min.js');
  app.use('/assets/govuk-frontend.min.css', (_request: Request, response: Response) => {
    cacheFor(response);
    response.type('text/css').send(css);
  });
  app.use('/assets/govuk-frontend.min.js', (_request: Request, response: Response) => {
    cacheFor(response);
    response.sendFile(script);
  });
  app.use('/assets/rag-colours.css', (request: Request, response: Response) => {
    cacheFor(response);
    response.type('text/css').send(ragStylesheet(request.query.c));
  });
  app.useStaticAssets(join(WEB_DIR, 'public'), { prefix: '/assets/web/', maxAge: ONE_HOUR * 1000, index: false });
}
