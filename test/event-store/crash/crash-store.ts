import { EventStore } from '../../../src/event-store/event-store.port';
import { EventEnvelope } from '../../../src/event-store/envelope';
import { PostgresEventStore } from '../../../src/event-store/postgres/postgres-event-store';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

/** Where the crash test's log lives: handed to the appender child as one JSON argument. */
export type CrashStore = { kind: 'sqlite'; file: string } | { kind: 'postgres'; connectionString: string; schema: string };

export function openCrashStore(target: CrashStore): EventStore {
  return target.kind === 'sqlite' ? new SqliteEventStore({ filename: target.file }) : new PostgresEventStore({ connectionString: target.connectionString, schema: target.schema });
}

/** The whole log, in order, page by page. */
export async function readWholeLog(store: EventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: 5000 });
    if (page.length === 0) break;
    all.push(...page);
    after = page[page.length - 1].globalPosition;
  }
  return all;
}
