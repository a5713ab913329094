import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { runEventStoreContract } from './event-store.contract';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  runEventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore(connectionString));
} else {
  // One clear line, and a skipped (never passed) test in the summary.
  process.stdout.write(
    'SKIPPED: EventStoreDB contract suite — EVENTSTORE_CONNECTION_STRING is not set (start one with `docker compose up eventstore` and set EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false)\n',
  );
  describe('EventStore contract: EventStoreDB', () => {
    it.skip('runs only when EVENTSTORE_CONNECTION_STRING points at an EventStoreDB/KurrentDB node', () => undefined);
  });
}
