import { EventStoreDBClient, UnavailableError } from '@eventstore/db-client';
import { NewEvent } from '../../../src/event-store/envelope';
import { NO_STREAM } from '../../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../../src/event-store/eventstoredb/eventstoredb-event-store';
import { UnreadableEventError } from '../../../src/event-store/unreadable-event';
import { InvalidInput } from '../../../src/domain/errors';
import { readLog } from '../../../src/audit/log-reader';
import { runEventStoreContract } from '../contract/event-store.contract';
import { FakeNetworkClient } from './fake-network-client';

const rated = (code: string): NewEvent => ({
  type: 'ActionRated',
  schemaVersion: 1,
  data: { code },
  metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2024-01-31', correlationId: 'c', causationId: 'c', source: 'api' },
});

function storeOver(network: FakeNetworkClient): EventStoreDbEventStore {
  return new EventStoreDbEventStore(network as unknown as EventStoreDBClient);
}

// The contract every store passes, here with the client's own read streams, subscriptions, error
// classes and positions over a network side of our own: what the real-server run will meet first.
runEventStoreContract('EventStoreDB adapter over the client with a simulated server', async () => storeOver(new FakeNetworkClient()));

describe('EventStoreDB adapter: reading', () => {
  it('reads a history without its seals, as the SQLite and PostgreSQL stores do', async () => {
    const store = storeOver(new FakeNetworkClient());
    await store.append('plan-x', NO_STREAM, [rated('A'), rated('G')]);
    const history = await store.readHistory('plan-x');
    expect(history).toHaveLength(2);
    for (const event of history) {
      expect(event).not.toHaveProperty('hash');
      expect(event).not.toHaveProperty('prevHash');
    }
    expect(history).toStrictEqual((await store.readStream('plan-x')).map(({ prevHash: _p, hash: _h, ...rest }) => rest));
  });

  it('refuses, naming the version needed, a server that leaves event positions out of stream reads (older than 22.6)', async () => {
    const network = new FakeNetworkClient();
    const store = storeOver(network);
    await store.append('plan-x', NO_STREAM, [rated('A')]);
    network.reportPositionsOnStreamReads = false;
    await expect(store.readStream('plan-x')).rejects.toThrow(/EventStoreDB 22\.6 or later/);
  });

  it('reports an event in an ordinary stream without our envelope as unreadable, in its place in the log, as SQLite does', async () => {
    const network = new FakeNetworkClient();
    const store = storeOver(network);
    await store.append('plan-x', NO_STREAM, [rated('A')]);
    const [foreign] = network.write('plan-y', [{ type: 'ActionRated', data: { code: 'R' }, metadata: { someoneElse: true } }]);
    await store.append('plan-x', 0, [rated('G')]);
    await expect(store.readAll()).rejects.toThrow(UnreadableEventError);
    const entries = [];
    for await (const page of readLog(store)) entries.push(...page);
    expect(entries.map((e) => ('problem' in e ? 'unreadable' : (e.data as { code: string }).code))).toEqual(['A', 'unreadable', 'G']);
    expect(entries[1]).toMatchObject({ eventId: foreign.id, streamId: 'plan-y', streamVersion: 0, globalPosition: Number(foreign.commit) });
    // The head is the newest entry of the log, readable or not, as SQLite's is.
    expect(await store.headPosition()).toBe(entries[2].globalPosition);
  });

  it('still passes over the server\'s own records and the checkpoints kept beside the log', async () => {
    const network = new FakeNetworkClient();
    const store = storeOver(network);
    await store.append('plan-x', NO_STREAM, [rated('A')]);
    await store.appendRecord('audit-checkpoints', 'CheckpointSigned', { treeSize: 1 });
    network.write('$stats-127.0.0.1:2113', [{ type: '$statsCollected', data: {} }]);
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['plan-x']);
  });

  it('answers ?after= with a position the server did not hand out as bad input naming `after` (a 400), not a 500', async () => {
    const network = new FakeNetworkClient();
    const store = storeOver(network);
    await store.append('plan-x', NO_STREAM, [rated('A'), rated('G')]);
    const [first, second] = await store.readAll();
    expect((await store.readAll({ after: first.globalPosition })).map((e) => e.eventId)).toEqual([second.eventId]);
    // A byte offset inside the first event's record: the server ends the read with an error status.
    const refused = await store.readAll({ after: first.globalPosition + 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect(refused).toMatchObject({ status: 400, field: 'after' });
    expect((refused as Error).message).toMatch(new RegExp(`^after: ${first.globalPosition + 1} is not the position of an event`));
    // The server being unreachable is not the caller's mistake: it stays the client's error (a 5xx).
    network.unavailable = true;
    await expect(store.readAll({ after: first.globalPosition })).rejects.toBeInstanceOf(UnavailableError);
  });
});
