import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiHeader, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import '../commands';
import '../auth/account-inputs';

/**
 * The request bodies documented from the same class-validator rules that check
 * them (class-validator-jsonschema), so /api/docs cannot drift from validation.
 * Every input refuses unknown fields (validatedInput), so every schema says
 * additionalProperties: false; src/api/openapi-document.ts takes out of each body
 * the fields its path supplies.
 */
export function inputSchemas(): Record<string, Record<string, unknown>> {
  const options = { refPointerPrefix: '#/components/schemas/' };
  const schemas = validationMetadatasToSchemas(options) as Record<string, Record<string, unknown>>;
  // A class that adds no rule of its own (WithdrawActionInput: its parent's fields) is not in the list above.
  for (const type of BODY_CLASSES) schemas[type.name] ??= targetConstructorToSchema(type, options) as Record<string, unknown>;
  for (const schema of Object.values(schemas)) tidy(schema);
  return schemas;
}

/** @IsDefined comes out as `not: {type: null}` beside the type; `required` already says it, and a sibling of $ref is ignored. */
function tidy(schema: Record<string, unknown>): void {
  if (schema.type === 'object' && schema.properties) schema.additionalProperties = false;
  for (const property of Object.values((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const not = property.not as { type?: unknown } | undefined;
    if (not?.type === 'null') delete property.not;
  }
}

/** Every class a route names as its body, so each has a schema whether or not it adds rules to its parent's. */
const BODY_CLASSES = new Set<Function>();

/** A JSON body checked by validatedInput against this input class. */
export function ApiInput(type: Function) {
  BODY_CLASSES.add(type);
  return ApiBody({ schema: { $ref: `#/components/schemas/${type.name}` } });
}

/** The header a write may carry to be refused (409) if the stream moved on since the caller read it. */
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'The ETag of the stream as you last read or wrote it, e.g. "7": the write is refused with 409 (rule expected-version) if anyone has changed it since. Leave it out (or send *) to write whatever the version.',
  schema: { type: 'string', pattern: '^(\\*|(W/)?"?-?\\d+"?)$', examples: ['"7"'] },
};

/**
 * A route that sends a command: its body (the input class named, less what the path gives), If-Match,
 * and an answer that carries the stream's new version as its ETag (src/api/issue-command.ts).
 */
export function ApiCommand(type: Function) {
  return applyDecorators(ApiInput(type), ApiHeader(IF_MATCH_HEADER), ApiExtension('x-command', true));
}

const CLOCK_FORMAT = 'a date (the end of that day), as ISO (2017-02-28) or as people type it in the UK, day first (28/02/2017, 28/02/17, 28 February 2017, 28 Feb 2017; a two-digit year 00–69 is 2000–2069, 70–99 is 1970–1999), or an ISO 8601 date-time';
/**
 * Query strings are typed by people (a shared link, a clerk editing an address), so they take UK
 * dates as well as ISO (src/domain/uk-date.ts); request bodies stay ISO (DATE_SCHEMA).
 */
const CLOCK_SCHEMA = { type: 'string' as const, examples: ['2017-02-28', '28/02/2017', '28 Feb 2017', '2017-02-28T10:30:00Z'] };

/** The two clocks of every read (readClocks in src/projections/shared/report-time.ts), both defaulting to now. */
export function ApiClocks(options: { asOf?: boolean } = { asOf: true }) {
  const knownAt = ApiQuery({ name: 'knownAt', required: false, description: `As recorded by this time (default now): ${CLOCK_FORMAT}; not in the future`, schema: CLOCK_SCHEMA });
  const asOf = ApiQuery({ name: 'asOf', required: false, description: `As effective on this date (default now): ${CLOCK_FORMAT}`, schema: CLOCK_SCHEMA });
  return options.asOf === false ? knownAt : applyDecorators(asOf, knownAt);
}

/** A JSON answer described in openapi-responses.ts; `etag` when it carries the stream's version for If-Match. */
export function ApiRead(schema: string, options: { etag?: boolean } = {}) {
  return ApiOkResponse({
    description: options.etag ? "OK. The ETag is the stream's version, for If-Match on your next write to it." : 'OK',
    schema: { $ref: `#/components/schemas/${schema}` },
    ...(options.etag ? { headers: { ETag: { description: "The stream's version, e.g. \"7\"", schema: { type: 'string' } } } } : {}),
  });
}
