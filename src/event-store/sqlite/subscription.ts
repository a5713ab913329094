import { EventEmitter } from 'node:events';
import { EventEnvelope } from '../envelope';
import { EventHandler, SubscriptionHandle } from '../event-store.port';

/** What a catch-up subscription needs from the store: a page of the log, a signal when this process appends, and how often to look for other processes' appends. */
export interface CatchUpSource {
  readPage(after: number): Promise<EventEnvelope[]>;
  pageSize: number;
  appended: EventEmitter;
  pollIntervalMs: number;
}

/**
 * Hands every event after `after` to the handler, one at a time in log order, then
 * each new one as it is appended here or (found by polling) by another process.
 * A handler's error stops the subscription and is reported: a projector must never skip an event.
 */
export function subscribeCatchingUp(source: CatchUpSource, after: number, handler: EventHandler, onError?: (error: unknown) => void): SubscriptionHandle {
  let position = after;
  let closed = false;
  let running = false;
  let again = false;
  const catchUp = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          const page = await source.readPage(position);
          for (const event of page) {
            if (closed) return;
            await handler(event);
            position = event.globalPosition;
          }
          if (page.length < source.pageSize) break;
        }
      } while (again && !closed);
    } catch (error) {
      closed = true;
      cleanup();
      onError?.(error);
    } finally {
      running = false;
    }
  };
  // One catch-up for every append made in the same turn of the event loop: under load, a
  // server's requests append one after another, and each catch-up is a read of the log.
  let scheduled = false;
  const onAppended = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void catchUp();
    });
  };
  source.appended.on('appended', onAppended);
  // Other processes (the CLI, a second server) append to the same file: poll for them too.
  const timer = setInterval(onAppended, source.pollIntervalMs);
  timer.unref();
  const cleanup = () => {
    clearInterval(timer);
    source.appended.off('appended', onAppended);
  };
  void catchUp();
  return {
    close: async () => {
      closed = true;
      cleanup();
    },
  };
}
