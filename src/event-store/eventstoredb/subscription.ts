import { EventStoreDBClient, excludeSystemEvents, START } from '@eventstore/db-client';
import { EventHandler, SubscriptionHandle } from '../event-store.port';
import { positionAt, toEnvelope } from './stored-event';

/**
 * A catch-up subscription to $all from `after`, handing our events to the handler one
 * at a time in log order. `live` holds the open handles so the store can close them all;
 * a handle removes itself when it stops.
 */
export function subscribeToAllOf(
  client: EventStoreDBClient,
  live: Set<SubscriptionHandle>,
  after: number,
  handler: EventHandler,
  onError?: (error: unknown) => void,
): SubscriptionHandle {
  const subscription = client.subscribeToAll({
    fromPosition: after === 0 ? START : positionAt(after),
    filter: excludeSystemEvents(),
    resolveLinkTos: false,
  });
  // Errors reach the loop below through the async iterator; this listener only keeps
  // an error emitted after the loop has ended from becoming an uncaught exception.
  subscription.on('error', () => undefined);
  let closed = false;
  let delivered = after;
  const stop = async (): Promise<void> => {
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
    live.delete(handle);
  };
  const handle: SubscriptionHandle = {
    close: async () => {
      if (closed) return;
      closed = true;
      await stop();
    },
  };
  live.add(handle);
  void (async () => {
    try {
      // for-await pulls the next event only after the handler's promise settles, so
      // events are handled one at a time, in log order, and the stream is paused meanwhile.
      for await (const resolved of subscription) {
        if (closed) break;
        const envelope = toEnvelope(resolved);
        if (!envelope || envelope.globalPosition <= delivered) continue;
        await handler(envelope);
        delivered = envelope.globalPosition;
      }
    } catch (error) {
      if (closed) return;
      // A projector must never skip an event it failed on: stop here and report.
      closed = true;
      await stop();
      onError?.(error);
    }
  })();
  return handle;
}
