import { NotAuthenticated } from '../auth/not-authenticated.error';
import { CommandResult } from '../commands';
import { InvalidInput } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { STORAGE_EXIT_CODE } from '../storage-fault';
import { ApiRoute } from './cli-commands';

/** The server's answer to a request it refused, told as the CLI tells its own refusals, with the same exit codes. */
export class ServerRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ServerRefusal';
  }
}

/** The server's refusal: an RFC 9457 problem (detail, with fields on a 400 and rule on a 409); `message` from servers before that shape. */
interface ErrorAnswer {
  detail?: unknown;
  message?: unknown;
  fields?: { field: string; message: string }[];
  rule?: unknown;
  /** Set on a 503 when the server's disk refused the write (full, read-only, failing). */
  storage?: unknown;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The gh/kubectl way: a write sent to the running server with the user's API token,
 * so a user on another machine needs no access to the data folder. The server
 * proves who the token belongs to and records the event; the CLI only relays.
 */
export class ServerClient {
  private readonly base: string;

  constructor(
    server: string,
    private readonly token: string | undefined,
  ) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new InvalidInput('PLAN_AUDIT_SERVER', `"${server}" is not an address; use e.g. https://plans.example.gov.uk`);
    }
    // A bearer token over plain HTTP can be read on the way; only the machine itself is spared TLS.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new InvalidInput('PLAN_AUDIT_SERVER', `use https:// (plain http:// only for this machine, e.g. http://127.0.0.1:3000), not ${url.protocol}//${url.host}`);
    }
    this.base = server.replace(/\/+$/, '');
  }

  /** Who the server says the token belongs to: asked before anything is sent, so a bad token writes nothing. */
  async caller(): Promise<ActorRef> {
    if (!this.token) {
      throw new NotAuthenticated('With PLAN_AUDIT_SERVER set, the server needs your API token: set PLAN_AUDIT_TOKEN (an administrator makes one with plan-audit create-token).');
    }
    try {
      const answer = (await this.request('GET', '/api/session')) as { signedInAs: ActorRef };
      return answer.signedInAs;
    } catch (error) {
      if (error instanceof ServerRefusal && error.exitCode === 3) {
        throw new NotAuthenticated(`The server at ${this.base} does not accept PLAN_AUDIT_TOKEN: it is unknown, revoked, or its user is disabled. Ask an administrator for a new one.`);
      }
      throw error;
    }
  }

  /** Send one write command along its API route. */
  async send(route: ApiRoute, input: Record<string, unknown>): Promise<CommandResult> {
    const { path, body } = requestFor(route, input);
    return (await this.request(route.method, path, body)) as CommandResult;
  }

  private async request(method: string, path: string, body?: object): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new ServerRefusal(`Could not reach the server at ${this.base}: ${((error as Error).cause as Error)?.message ?? (error as Error).message}. Nothing was sent.`, 1);
    }
    const text = await response.text();
    let answer: unknown;
    try {
      answer = text ? JSON.parse(text) : {};
    } catch {
      answer = { message: text.slice(0, 200) };
    }
    if (!response.ok) throw refusal(response.status, answer as ErrorAnswer);
    return answer;
  }
}

/** Fill the route's `:field`s from the command's fields of those names; the rest is the body. */
export function requestFor(route: ApiRoute, input: Record<string, unknown>): { path: string; body: Record<string, unknown> } {
  const body = { ...input };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, field: string) => {
    const value = body[field];
    if (value === undefined || value === '') throw new InvalidInput(field, 'is needed to name what the command is about');
    delete body[field];
    return encodeURIComponent(String(value));
  });
  return { path, body };
}

/** As the CLI's own exit codes: 400 → 2, 401/403 → 3, 404 → 4, 409 → 5, 503 for the server's disk → 7; anything else → 1. */
function refusal(status: number, answer: ErrorAnswer): ServerRefusal {
  const message = typeof answer.detail === 'string' ? answer.detail : typeof answer.message === 'string' ? answer.message : Array.isArray(answer.message) ? answer.message.join('; ') : `HTTP ${status}`;
  if (status === 400 && answer.fields?.length) return new ServerRefusal(`Invalid input:\n${answer.fields.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`, 2);
  if (status === 503 && typeof answer.storage === 'string') return new ServerRefusal(`Cannot record: ${message}`, STORAGE_EXIT_CODE);
  const known: Record<number, [string, number]> = { 400: ['Invalid input', 2], 401: ['Not signed in', 3], 403: ['Not permitted', 3], 404: ['Not found', 4], 409: ['Refused', 5] };
  const [label, code] = known[status] ?? [`The server answered ${status}`, 1];
  const rule = status === 409 && typeof answer.rule === 'string' ? ` (rule: ${answer.rule})` : '';
  return new ServerRefusal(`${label}: ${message}${rule}`, code);
}
