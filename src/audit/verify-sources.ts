import { EventStore } from '../event-store/event-store.port';
import { scanChunk } from './chunk-scan';
import { LogEntry, readLog, VERIFY_PAGE_SIZE } from './log-reader';
import { VerifySource } from './log-verifier';

/** Any store, one thread: each page read by readAll is scanned where it lands. */
export function storeSource(store: EventStore): VerifySource {
  return {
    async *scan() {
      for await (const page of readLog(store)) yield scanChunk(page);
    },
    read: () => readLog(store),
    headPosition: () => store.headPosition(),
  };
}

/** Entries already in memory (an export file being restored), in log order. */
export function entriesSource(entries: LogEntry[], pageSize = VERIFY_PAGE_SIZE): VerifySource {
  const pages = function* () {
    for (let start = 0; start < entries.length; start += pageSize) yield entries.slice(start, start + pageSize);
  };
  return {
    async *scan() {
      for (const page of pages()) yield scanChunk(page);
    },
    async *read() {
      yield* pages();
    },
    headPosition: async () => (entries.length > 0 ? entries[entries.length - 1].globalPosition : 0),
  };
}
