import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config';
import { inputSchemas } from './openapi-schemas';
import { RESPONSE_SCHEMAS } from './openapi-responses';
import { PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, problemTypeUri } from './problem-details';
import { projectRoot } from '../project-root';
import { UK_DATE_FORMS } from '../domain/uk-date';

/** The API's version is the package's. */
const API_VERSION = (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The handlers that write their own answer in another media type than JSON (Res / Header in the controller). */
const text = (type: string, format?: string) => ({ [type]: { schema: { type: 'string', ...(format ? { format } : {}) } } });
const NOT_JSON: Record<string, Json> = {
  MetricsController_scrape: text('text/plain'),
  AuditController_export: text('application/x-ndjson'),
  EvidenceController_download: text('application/octet-stream', 'binary'),
};

/**
 * The OpenAPI 3.1 document served at /api/docs-json: Nest's scan of the controllers (routes, path
 * and query parameters, the @Api… decorators), the request bodies from the input classes that
 * validate them (openapi-schemas.ts), the answers (openapi-responses.ts), and what every operation
 * shares, filled in here from what the code does: who may call it (AuthGuard; @Public()), the
 * problem details it can refuse with (problem-details.ts), If-Match and ETag on the writes that
 * send a command. Built once, on the first request, when the server's address is known.
 */
export function serveApiDocs(app: NestExpressApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup('api/docs', app, () => (document ??= apiDocument(app)));
}

export function apiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = app.get<AppConfig>(APP_CONFIG);
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Improvement plan audit trail')
    .setVersion(API_VERSION)
    .setDescription(
      [
        'Every change to an improvement plan as an immutable, hash-chained event; every report for any date (asOf) as known at any time (knownAt).',
        '',
        `This is version ${API_VERSION} of the API, described in OpenAPI 3.1.`,
        '',
        '**Errors** are RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`, `detail`, with `fields` (each field at fault) on a 400 and `rule` (the rule refused) on a 409.',
        '',
        '**Concurrency:** every write that records an event answers with `ETag: "<stream version>"`, and so do reads of one stream (an action\'s history, a stream\'s events, a plan). Send it back as `If-Match` and the write is refused with 409 (`rule: expected-version`) if someone else changed the stream first.',
      ].join('\n'),
    )
    .addServer(serverAddress(app, config), 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (opaque, not a JWT): an administrator makes one with `plan-audit create-token`, or a user with POST /api/tokens. Send it as `Authorization: Bearer <token>`.' }, 'bearer')
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          'The browser session set by signing in (POST /api/session or the sign-in page): HttpOnly, SameSite=Lax, Secure over HTTPS. Writes sent with it must be `application/json` (multipart on the upload route): a page on another site cannot send those without a CORS preflight, which this server never grants, so a cross-site form records nothing.',
      },
      'session',
    )
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('session')
    .build();
  const scanned = SwaggerModule.createDocument(app, builder);
  return finish(scanned, config);
}

/** Where clients reach this server: PUBLIC_URL when set, else the address it listens on. */
function serverAddress(app: NestExpressApplication, config: AppConfig): string {
  if (config.oidc?.publicUrl) return config.oidc.publicUrl.toString().replace(/\/$/, '');
  const address = (app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

function finish(document: OpenAPIObject, config: AppConfig): OpenAPIObject {
  const doc = document as Json;
  const inputs = inputSchemas();
  doc.components.schemas = { ...doc.components.schemas, ...inputs, ...RESPONSE_SCHEMAS, ...problemSchemas() };
  doc.components.responses = problemResponses();
  doc.components.headers = {
    ETag: { description: 'The stream\'s version, e.g. "7": send it back as If-Match on your next write to it', schema: { type: 'string', pattern: '^"\\d+"$', examples: ['"7"'] } },
  };
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      describeOperation(path, method, operation as Json, doc, config);
    }
  }
  dropUnused(doc);
  return document;
}

function describeOperation(path: string, method: string, op: Json, doc: Json, config: AppConfig): void {
  const isPublic = op['x-public'] === true && !(path === '/api/metrics' && !config.metricsPublic);
  const isCommand = op['x-command'] === true;
  delete op['x-public'];
  delete op['x-command'];
  op.summary ??= op.operationId;
  const pathParams: string[] = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name as string);
  for (const parameter of op.parameters ?? []) {
    parameter.schema ??= { type: 'string' };
    // A query parameter Nest found on a handler (`@Query('knownAt') knownAt?`) is optional: the server gives the default.
    // Those declared with @ApiQuery carry a description and say for themselves.
    if (parameter.in === 'query' && parameter.description === undefined) parameter.required = false;
  }
  // The body a route takes is its input class less what its path gives (issueCommand refuses those in the body).
  const bodyRef: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
  if (bodyRef && pathParams.length > 0) {
    const name = bodyRef.split('/').pop()!;
    const input = doc.components.schemas[name] as Json | undefined;
    if (input && pathParams.some((p) => input.properties?.[p])) {
      const bodyName = `${name.replace(/Input$/, '')}Body`;
      const properties = Object.fromEntries(Object.entries(input.properties as Json).filter(([field]) => !pathParams.includes(field)));
      const required = ((input.required ?? []) as string[]).filter((field) => !pathParams.includes(field));
      doc.components.schemas[bodyName] = { ...input, properties, ...(required.length ? { required } : {}), ...(required.length ? {} : { required: undefined }) };
      if (!required.length) delete doc.components.schemas[bodyName].required;
      op.requestBody.content['application/json'].schema = { $ref: `#/components/schemas/${bodyName}` };
    }
  }
  if (op.requestBody) op.requestBody.required ??= true;
  op.security = isPublic ? [] : [{ bearer: [] }, { session: [] }];
  // The answer on success.
  const success = Object.keys(op.responses).find((status) => /^2\d\d$/.test(status));
  if (success && isCommand) {
    op.responses[success] = {
      description: 'Recorded. The ETag is the stream\'s new version.',
      headers: { ETag: { $ref: '#/components/headers/ETag' } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandResult' } } },
    };
  } else if (success) {
    const response = op.responses[success];
    response.description ||= success === '204' ? 'Done; no content' : 'OK';
    // An answer no decorator describes: the media type the handler sets, else a JSON object (every other one is).
    if (!response.content && success !== '204') response.content = NOT_JSON[op.operationId] ?? { 'application/json': { schema: { type: 'object', additionalProperties: true } } };
  }
  // The refusals every door of the API makes in the same shape.
  const refusals: Record<string, string> = {};
  if ((op.parameters ?? []).length > 0 || op.requestBody) refusals['400'] = 'BadRequest';
  if (!isPublic) Object.assign(refusals, { '401': 'Unauthorized', '403': 'Forbidden' });
  if (pathParams.length > 0) refusals['404'] = 'NotFound';
  if (isCommand) refusals['409'] = 'Conflict';
  if (WRITE_METHODS.has(method) && op.requestBody) refusals['415'] = 'UnsupportedMediaType';
  // A signed-in read on PostgreSQL waits for this server's read models to reach the log's head, and is 503 if they cannot in time.
  if (isCommand || (method === 'get' && !isPublic)) refusals['503'] = 'ServiceUnavailable';
  for (const [status, name] of Object.entries(refusals)) op.responses[status] ??= { $ref: `#/components/responses/${name}` };
  for (const [status, response] of Object.entries(op.responses as Json)) {
    if (/^[45]/.test(status) && !response.$ref && !response.content) op.responses[status] = { $ref: `#/components/responses/${refusalByStatus(status)}` };
  }
}

function refusalByStatus(status: string): string {
  return { '400': 'BadRequest', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound', '409': 'Conflict', '406': 'NotAcceptable', '415': 'UnsupportedMediaType', '429': 'TooManyRequests', '503': 'ServiceUnavailable' }[status] ?? 'BadRequest';
}

function problemSchemas(): Json {
  return {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. `type` is a URI reference naming the kind of problem; GET it (relative to this server) for a description.',
      required: ['type', 'title', 'status', 'detail'],
      properties: {
        type: { type: 'string', format: 'uri-reference', examples: [problemTypeUri('invalid-input')] },
        title: { type: 'string', description: 'The kind of problem, in words; the same for every problem of this type' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string', description: 'What went wrong this time and what to do about it' },
        fields: {
          type: 'array',
          description: 'On a 400: each field at fault (a body field, a query parameter, a header such as If-Match), with what to change',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
        rule: { type: 'string', description: 'On a 409: the rule that refused it, e.g. expected-version, evidence-required, reviewer-not-submitter' },
        requestId: { type: 'string', description: 'On a 5xx: quote it to the administrator' },
        expected: { type: 'string', description: 'On a 415: the media type the route takes' },
        storage: { type: 'string', enum: ['full', 'read-only', 'failing'], description: "On a 503: what the server's disk said" },
        retryAfterSeconds: { type: 'integer', description: 'On a 429: the seconds to wait (also in Retry-After)' },
      },
    },
  };
}

/** One reusable response per refusal, each with an example of the shape. */
function problemResponses(): Json {
  const problemOf = (description: string, example: Json, required: string[] = []) => ({
    description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: required.length ? { allOf: [{ $ref: '#/components/schemas/Problem' }], required } : { $ref: '#/components/schemas/Problem' },
        example,
      },
    },
  });
  const ex = (type: keyof typeof PROBLEM_TYPES, detail: string, extra: Json = {}) => ({ type: problemTypeUri(type), title: PROBLEM_TYPES[type].title, status: PROBLEM_TYPES[type].status, detail, ...extra });
  return {
    BadRequest: problemOf(
      'The request is not right: `fields` names each field at fault. Nothing was recorded.',
      ex('invalid-input', `knownAt: "31/02/2019" is not a real date: February 2019 has 28 days; ${UK_DATE_FORMS}`, {
        fields: [{ field: 'knownAt', message: `"31/02/2019" is not a real date: February 2019 has 28 days; ${UK_DATE_FORMS}` }],
      }),
      ['fields'],
    ),
    Unauthorized: problemOf('No caller could be proven: no token or session, or one unknown, revoked or expired.', ex('not-signed-in', 'Sign in, or send an API token as "Authorization: Bearer <token>"')),
    Forbidden: problemOf("The caller's role may not do this (or they have no role yet).", ex('not-permitted', 'An inspector may not change a rating; ask the action\'s lead or the board')),
    NotFound: problemOf('The plan, action, evidence item, event or report named does not exist.', ex('not-found', 'Plan sunderland-2017 has no action 9.9')),
    Conflict: problemOf(
      'A rule of the plan refuses it (`rule` names which), or the stream moved on since the If-Match given (`rule: expected-version`). Nothing was recorded.',
      ex('edit-conflict', 'Someone else changed action-sunderland-2017/1.1 while you were working on it (you expected version 3, it is now at 4). Reload it and try again.', { rule: 'expected-version' }),
      ['rule'],
    ),
    UnsupportedMediaType: problemOf('The body is not of the type this route takes (application/json; multipart/form-data on the upload).', ex('unsupported-media-type', 'This route takes a body of type application/json, not "text/plain"; send it with Content-Type: application/json. Nothing was recorded.', { expected: 'application/json' })),
    NotAcceptable: problemOf('None of the types in Accept can be given.', ex('not-acceptable', 'None of the types in Accept can be given; this report comes as application/json, text/markdown, text/csv, text/html, application/vnd.openxmlformats-officedocument.wordprocessingml.document (or choose with ?format=)')),
    TooManyRequests: problemOf('Too many attempts: wait the seconds in Retry-After.', ex('too-many-requests', 'Too many failed sign-ins for this account or from this address. Try again in 60 seconds.')),
    ServiceUnavailable: problemOf("The server's disk refused the write (full, read-only or failing): try again after Retry-After. Nothing was recorded.", ex('unavailable', 'The server cannot record anything just now: its disk is full. Nothing was recorded; try again later.', { storage: 'full' })),
  };
}

/** Input classes that only lend fields to others (TimedInput, PlanInput…) or that no route takes. */
function dropUnused(doc: Json): void {
  const schemas = doc.components.schemas as Json;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')) {
          const name = inner.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(inner);
      }
    }
  };
  visit(doc.paths);
  visit(doc.components.responses);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}
