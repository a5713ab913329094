import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { GetStreamVersion } from '../projections/event-log/event-log.queries';

/**
 * A read of one stream answers with the stream's version as its ETag, the same value a write to it
 * answers with (issueCommand), so a client can read, decide, and write with If-Match. Asked before
 * the read itself: a write in between makes the ETag older than what was read, and the If-Match
 * then refuses (409) rather than letting a decision on unseen facts through.
 */
export async function streamVersionTag(queries: QueryBus, streamId: string): Promise<string | undefined> {
  const version: number | undefined = await queries.execute(new GetStreamVersion(streamId));
  return version === undefined ? undefined : `"${version}"`;
}

export function setStreamTag(response: Pick<Response, 'setHeader'>, tag: string | undefined): void {
  if (tag) response.setHeader('ETag', tag);
}
