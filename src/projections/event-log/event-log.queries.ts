import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventEnvelope } from '../../event-store/envelope';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { StreamVersions } from './stream-versions';

/**
 * The raw log as the read side hands it out, for inspectors and auditors who
 * want the facts themselves (the API's /events, the CLI's `events`). The doors
 * ask for it on the QueryBus; only the command side writes to the store.
 */
export type LoggedEvent = EventEnvelope;

/** Every event of one stream, oldest first. */
export class GetStreamEvents {
  constructor(readonly streamId: string) {}
}

/** Up to `limit` events of the whole log after global position `after`. */
export class GetLogEvents {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {}
}

/** The version of one stream now (its last event's streamVersion), or undefined when it has none: the ETag of a read of it. */
export class GetStreamVersion {
  constructor(readonly streamId: string) {}
}

/** How many events the log holds, and in which store. */
export class GetLogHead {}

export interface LogHead {
  store: string;
  headPosition: number;
}

@QueryHandler(GetStreamEvents)
export class GetStreamEventsHandler implements IQueryHandler<GetStreamEvents, LoggedEvent[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: GetStreamEvents): Promise<LoggedEvent[]> {
    return this.store.readStream(query.streamId);
  }
}

@QueryHandler(GetLogEvents)
export class GetLogEventsHandler implements IQueryHandler<GetLogEvents, LoggedEvent[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(query: GetLogEvents): Promise<LoggedEvent[]> {
    return this.store.readAll({ after: query.after, limit: query.limit });
  }
}

/** From the versions held (StreamVersions), brought up to date with the events appended since: not a read of the whole stream. */
@QueryHandler(GetStreamVersion)
export class GetStreamVersionHandler implements IQueryHandler<GetStreamVersion, number | undefined> {
  constructor(private readonly versions: StreamVersions) {}

  execute(query: GetStreamVersion): Promise<number | undefined> {
    return this.versions.versionOf(query.streamId);
  }
}

@QueryHandler(GetLogHead)
export class GetLogHeadHandler implements IQueryHandler<GetLogHead, LogHead> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<LogHead> {
    return { store: this.store.kind, headPosition: await this.store.headPosition() };
  }
}

export const EVENT_LOG_QUERY_HANDLERS = [GetStreamEventsHandler, GetLogEventsHandler, GetLogHeadHandler, GetStreamVersionHandler];

/** What the handlers above keep between queries. */
export const EVENT_LOG_PROVIDERS = [StreamVersions];
