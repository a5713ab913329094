import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IssuedBy } from '../commands/shared/issued-by';
import { CommandResult } from '../commands/shared/command-result';
import { InvalidInput } from '../domain/errors';
import { WriterContext } from '../auth/public.decorator';
import { Projector } from '../projections/projector/projector.service';

type CommandType = new (input: unknown, issuedBy: IssuedBy) => object;

/**
 * How long a write's answer waits for the read models to hold it. They usually do within a
 * millisecond or two (the projector writes each batch on the next turn of the event loop); a
 * projector held up longer is reported by /api/health/ready, and the write, recorded, is not
 * refused for it.
 */
const READ_YOUR_WRITES_MS = 2000;

/** What the API's write routes need: the CommandBus, and the projector to wait for before answering. */
@Injectable()
export class ApiCommands {
  constructor(
    readonly bus: CommandBus,
    readonly projector: Projector,
  ) {}
}

/**
 * Send a command for an HTTP caller: the body's fields, with the plan and action
 * taken from the path (the path names the resource, and a body that names it too is
 * refused, so a write cannot land on another action than the one addressed), and the actor taken from the authenticated caller, never the body.
 * The answer carries the stream's new version as its ETag, for the next If-Match.
 *
 * Read-your-writes: the answer is sent once the read models hold the write's last event
 * (or after READ_YOUR_WRITES_MS, or at once when the projector is not following the log),
 * so a caller who reads after a 201 sees what it wrote, as the web pages already did.
 */
export async function issueCommand(
  { bus, projector }: ApiCommands,
  type: CommandType,
  body: unknown,
  path: Record<string, string | number>,
  caller: WriterContext,
  options: { serverSetsFileFields?: boolean } = {},
): Promise<CommandResult> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInput('body', 'expected a JSON object with the fields of the command');
  for (const field of ['actor', 'actorId', 'role', 'recordedAt', 'source']) {
    if (Object.prototype.hasOwnProperty.call(body, field)) throw new InvalidInput(field, 'is set by the server from who you are signed in as and when; leave it out of the request');
  }
  // The path names what the command is about; a body naming it too (perhaps another action) is refused, not overruled.
  for (const field of Object.keys(path)) {
    if (Object.prototype.hasOwnProperty.call(body, field)) throw new InvalidInput(field, `is taken from the address (${field} ${JSON.stringify(path[field])}); leave it out of the body`);
  }
  // A file's name, size and type are stated only by the upload endpoint, which has seen the file.
  for (const field of options.serverSetsFileFields ? [] : ['fileName', 'fileSize', 'mediaType']) {
    if (Object.prototype.hasOwnProperty.call(body, field)) throw new InvalidInput(field, 'is set from the uploaded file; use the upload endpoint to attach a file');
  }
  const result: CommandResult = await bus.execute(
    new type({ ...body, ...path }, { actor: { id: caller.id, role: caller.role, ...(caller.plans ? { plans: caller.plans } : {}) }, source: 'api', ...expectedVersionFrom(caller.ifMatch) }),
  );
  // Set here rather than by a Nest interceptor on each write route: on Node 20 an interceptor
  // binds every request to an AsyncResource (two util.deprecate wrappers each time) and wraps the
  // answer in an Observable. Measured on the HTTP write load, three runs each on one store:
  // 1,815-1,944 writes/s through the interceptor, 2,488-2,606 with the header set here.
  if (typeof result?.version === 'number' && typeof result.streamId === 'string') caller.answer.setHeader('ETag', `"${result.version}"`);
  const last = result?.events?.[result.events.length - 1]?.globalPosition;
  if (typeof last === 'number') await projector.projected(last, READ_YOUR_WRITES_MS);
  return result;
}

/** If-Match: "7" (the version from a previous response's ETag) makes the write conditional on the stream still being at 7. */
function expectedVersionFrom(ifMatch: string | undefined): { expectedVersion?: number } {
  if (ifMatch === undefined || ifMatch === '' || ifMatch === '*') return {};
  const match = /^(?:W\/)?"?(-?\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new InvalidInput('If-Match', 'give the stream version from the ETag of your last response, e.g. If-Match: "7"');
  return { expectedVersion: Number(match[1]) };
}
