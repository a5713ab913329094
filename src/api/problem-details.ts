import type { Response } from 'express';

/**
 * The API's refusals as RFC 9457 problem details (application/problem+json): `type`, `title`,
 * `status` and `detail`, with our extensions — `fields` (each field at fault) on a 400 and `rule`
 * (the rule of the plan) on a 409. One shape from every door of the API: the exception filter,
 * the JSON-only check, the documentation's sign-in check. The OpenAPI document describes it from
 * the same table (src/api/openapi-document.ts).
 */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Each kind of refusal: its status and a title in the users' words; `detail` says what to do about this one. */
export const PROBLEM_TYPES = {
  'invalid-input': { status: 400, title: 'Some of the request is not right', description: '`fields` names each field, query parameter or header at fault and what to change. Nothing was recorded.' },
  'not-signed-in': { status: 401, title: 'Sign in first', description: 'No caller could be proven: send an API token as "Authorization: Bearer <token>", or sign in for a session.' },
  'not-permitted': { status: 403, title: 'You may not do this', description: "The caller's role (or the plans they work on) does not allow it, or they have no role yet." },
  'not-found': { status: 404, title: 'Not found', description: 'The plan, action, evidence item, event, report or route named does not exist.' },
  'rule-broken': { status: 409, title: 'A rule of the plan does not allow this', description: '`rule` names the rule (e.g. evidence-required, reviewer-not-submitter). Nothing was recorded.' },
  'edit-conflict': { status: 409, title: 'Someone else changed this first', description: 'The stream moved on since the version in If-Match (`rule: expected-version`): read it again, decide again, and send the new ETag.' },
  'log-tampered': { status: 409, title: 'The log does not match its signed checkpoints', description: '`rule: log-matches-checkpoints`: the log was changed after a checkpoint signed it; tell the administrator.' },
  'evidence-altered': { status: 409, title: 'The evidence file has been changed since it was uploaded', description: '`rule: evidence-matches-hash`: the stored bytes no longer match the SHA-256 recorded when the file was submitted, so it is not served; tell the administrator (verify names the item).' },
  'not-acceptable': { status: 406, title: 'None of the types asked for can be given', description: 'Ask in Accept for one of the types the operation lists, or leave Accept out.' },
  'too-large': { status: 413, title: 'The request is too large', description: 'JSON bodies take at most 1 MB; evidence files the size the administrator set.' },
  'unsupported-media-type': { status: 415, title: 'The request body is not of a type this route takes', description: '`expected` names the type: application/json, or multipart/form-data on the evidence upload.' },
  'too-many-requests': { status: 429, title: 'Too many requests', description: 'Wait the seconds in Retry-After.' },
  'server-error': { status: 500, title: 'Something went wrong on our side', description: 'Nothing was recorded. Quote `requestId` to the administrator.' },
  'unavailable': { status: 503, title: 'Not available just now', description: "The server's disk refused the write (`storage`), or the read side is not ready; try again after Retry-After." },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** A type is a URI reference (RFC 9457 §3.1.1); relative to the API's address, where GET /api/problems/{type} describes it. */
export const problemTypeUri = (type: ProblemType): string => `/api/problems/${type}`;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  fields?: { field: string; message: string }[];
  rule?: string;
  [extension: string]: unknown;
}

const BY_STATUS: Record<number, ProblemType> = { 400: 'invalid-input', 401: 'not-signed-in', 403: 'not-permitted', 404: 'not-found', 406: 'not-acceptable', 409: 'rule-broken', 413: 'too-large', 415: 'unsupported-media-type', 429: 'too-many-requests', 500: 'server-error', 503: 'unavailable' };

/** A problem of the given kind (or the kind usual for the status), with its detail and extensions. */
export function problem(status: number, detail: string, extensions: Record<string, unknown> = {}, kind?: ProblemType): ProblemDetails {
  const type = kind ?? BY_STATUS[status];
  const title = type ? PROBLEM_TYPES[type].title : `HTTP ${status}`;
  return { type: type ? problemTypeUri(type) : 'about:blank', title, status, detail, ...extensions };
}

export function sendProblem(response: Response, details: ProblemDetails): void {
  response.status(details.status).type(PROBLEM_MEDIA_TYPE).json(details);
}
