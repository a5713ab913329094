import { EventStoreDBClient, excludeSystemEvents, START } from '@eventstore/db-client';
import { EventHandler, SubscriptionDown, SubscriptionHandle } from '../event-store.port';
import { positionAt, toEnvelope } from './stored-event';

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 5000;

/** 100 ms doubling to 5 s, jittered down by up to half so that many servers do not come back at once. */
export function resubscribeDelay(attempt: number, random = Math.random): number {
  const full = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}

/**
 * A catch-up subscription to $all from `after`, handing our events to the handler one
 * at a time in log order. `live` holds the open handles so the store can close them all;
 * a handle removes itself when it stops.
 *
 * The server ends a subscription when it restarts, when the leader changes, or when the
 * network drops: the call fails with an error (UnavailableError, NotLeaderError...) or, on
 * a clean shutdown, simply ends. Either way we subscribe again from the last position the
 * handler took, after a backoff, for as long as it takes; `down()` says so meanwhile, for
 * health and readiness. Events at or before that position are not handed out twice. Only the
 * handler's own failure, or an event we cannot read, stops the subscription and goes to
 * `onError`: a projector must never skip an event it failed on.
 */
export function subscribeToAllOf(
  client: EventStoreDBClient,
  live: Set<SubscriptionHandle>,
  after: number,
  handler: EventHandler,
  onError?: (error: unknown) => void,
  retryDelay: (attempt: number) => number = resubscribeDelay,
): SubscriptionHandle {
  let closed = false;
  let delivered = after;
  /** Not yet confirmed by the server (at first), or dropped and waiting to subscribe again. */
  let down: SubscriptionDown | undefined = { reason: 'Waiting for EventStoreDB to confirm the subscription to the log', since: new Date().toISOString(), attempts: 0 };
  let current: ReturnType<EventStoreDBClient['subscribeToAll']> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const stop = async (): Promise<void> => {
    clearTimeout(retryTimer);
    const subscription = current;
    current = undefined;
    if (subscription) {
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    }
    live.delete(handle);
  };
  const handle: SubscriptionHandle = {
    close: async () => {
      if (closed) return;
      closed = true;
      await stop();
    },
    down: () => (closed ? undefined : down),
  };
  live.add(handle);

  const dropped = (cause: string): void => {
    const attempts = (down?.attempts ?? 0) + 1;
    const delay = retryDelay(attempts);
    down = {
      reason: `The subscription to EventStoreDB dropped (${cause}); subscribing again from position ${delivered} in ${delay} ms (attempt ${attempts})`,
      since: down?.since ?? new Date().toISOString(),
      attempts,
    };
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed) follow();
    }, delay);
    retryTimer.unref();
  };

  const follow = (): void => {
    const subscription = client.subscribeToAll({
      fromPosition: delivered === 0 ? START : positionAt(delivered),
      filter: excludeSystemEvents(),
      resolveLinkTos: false,
    });
    current = subscription;
    // Errors reach the loop below through the async iterator; this listener only keeps
    // an error emitted after the loop has ended from becoming an uncaught exception.
    subscription.on('error', () => undefined);
    // The server confirms a subscription before sending anything: from then on it is following.
    subscription.on('confirmation', () => (down = undefined));
    void (async () => {
      let failure: { ours: boolean; error: unknown } | undefined;
      try {
        // for-await pulls the next event only after the handler's promise settles, so
        // events are handled one at a time, in log order, and the stream is paused meanwhile.
        for await (const resolved of subscription) {
          if (closed || current !== subscription) return;
          down = undefined;
          let envelope;
          try {
            envelope = toEnvelope(resolved);
            if (!envelope || envelope.globalPosition <= delivered) continue;
            await handler(envelope);
          } catch (error) {
            failure = { ours: true, error };
            break;
          }
          delivered = envelope.globalPosition;
        }
      } catch (error) {
        failure = { ours: false, error };
      }
      if (closed || current !== subscription) return;
      if (failure?.ours) {
        // A projector must never skip an event it failed on: stop here and report.
        closed = true;
        await stop();
        onError?.(failure.error);
        return;
      }
      // The server or the network ended it: not our failure, and not the end of the log.
      current = undefined;
      subscription.destroy();
      dropped(failure ? (failure.error instanceof Error ? failure.error.message || failure.error.constructor.name : String(failure.error)) : 'the server ended it');
    })();
  };

  follow();
  return handle;
}
