import { ActorRef } from '../../domain/roles';
import { EventSource } from '../../event-store/envelope';

/**
 * Who issued a command and through which door. The actor always comes from the
 * authenticated caller (the API's token or session, the CLI's token or password), never from the request body.
 */
export interface IssuedBy {
  actor: ActorRef;
  source: EventSource;
  correlationId?: string;
  causationId?: string;
  /**
   * The stream version the caller's decision was based on (HTTP If-Match). When
   * given and the stream has moved on, the command is refused as a conflict
   * rather than applied to a state the caller never saw.
   */
  expectedVersion?: number;
}
