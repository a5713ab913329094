import { EventEnvelope } from '../event-store/envelope';
import { EventStore } from '../event-store/event-store.port';
import { UnreadableEvent, UnreadableEventError } from '../event-store/unreadable-event';

/** One entry of the log as verify sees it: an event, or what is left of one that no longer parses. */
export type LogEntry = EventEnvelope | UnreadableEvent;

export const VERIFY_PAGE_SIZE = 5000;

/**
 * The whole log in global order, page by page, straight from the store's readAll.
 * A page holding an unreadable event is re-read one event at a time up to it, so
 * the damaged event is reported in its place and reading carries on after it.
 */
export async function* readLog(store: EventStore, options: { after?: number; pageSize?: number; upTo?: number } = {}): AsyncGenerator<LogEntry[]> {
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  let after = options.after ?? 0;
  let remaining = options.upTo ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    let page: LogEntry[];
    try {
      page = await store.readAll({ after, limit: Math.min(pageSize, remaining) });
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      page = await stepToUnreadable(store, after);
    }
    if (page.length === 0) return;
    remaining -= page.length;
    after = page[page.length - 1].globalPosition;
    yield page;
  }
}

async function stepToUnreadable(store: EventStore, after: number): Promise<LogEntry[]> {
  const page: LogEntry[] = [];
  for (let position = after; ; ) {
    try {
      const [next] = await store.readAll({ after: position, limit: 1 });
      if (!next) return page;
      page.push(next);
      position = next.globalPosition;
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      page.push(error.event);
      return page;
    }
  }
}
