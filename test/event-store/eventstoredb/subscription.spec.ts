import { EventStoreDBClient, Position, START } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { EventEnvelope, NewEvent } from '../../../src/event-store/envelope';
import { NO_STREAM, SubscriptionHandle } from '../../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../../src/event-store/eventstoredb/eventstoredb-event-store';
import { FakeNetworkClient } from './fake-network-client';

const rated = (code: string): NewEvent => ({
  type: 'ActionRated',
  schemaVersion: 1,
  data: { code },
  metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2024-01-31', correlationId: 'c', causationId: 'c', source: 'api' },
});
const storeOver = (network: FakeNetworkClient) => new EventStoreDbEventStore(network as unknown as EventStoreDBClient);
const codes = (events: EventEnvelope[]) => events.map((e) => (e.data as { code: string }).code);

async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('EventStoreDB adapter: a subscription to $all the server drops', () => {
  let network: FakeNetworkClient;
  let store: EventStoreDbEventStore;
  let handle: SubscriptionHandle;
  let seen: EventEnvelope[];
  let errors: unknown[];

  beforeEach(async () => {
    network = new FakeNetworkClient();
    store = storeOver(network);
    seen = [];
    errors = [];
    await store.append('plan-x', NO_STREAM, [rated('A'), rated('G')]);
    handle = store.subscribeToAll(0, (e) => void seen.push(e), (e) => void errors.push(e));
    await until('the two events arrive', () => seen.length === 2);
    expect(handle.down?.()).toBeUndefined();
  });
  afterEach(() => store.close());

  const dropWays: Array<[string, () => void]> = [
    ['ends it cleanly (a server shutting down)', () => network.subscriptions[0].call.end()],
    ['fails it with UNAVAILABLE (a restart, the network)', () => network.subscriptions[0].call.failWith(status.UNAVAILABLE, 'Connection dropped')],
    ['fails it as not-leader (a leader change)', () => network.subscriptions[0].call.failWith(status.NOT_FOUND, 'Leader info available', 'not-leader', { 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' })],
  ];

  it.each(dropWays)('subscribes again from the last position seen when the server %s, says it is down meanwhile, and hands out nothing twice', async (_how, drop) => {
    const lastSeen = seen[1].globalPosition;
    network.withholdConfirmation = true; // the server is still down when we first come back
    drop();
    await until('the drop is reported', () => (handle.down?.()?.attempts ?? 0) >= 1);
    expect(handle.down?.()?.reason).toMatch(new RegExp(`^The subscription to EventStoreDB dropped \\(.+\\); subscribing again from position ${lastSeen} in \\d+ ms \\(attempt 1\\)$`));

    await until('it subscribes again', () => network.subscriptions.length === 2);
    expect(network.subscriptions[1].fromPosition).toEqual({ commit: BigInt(lastSeen), prepare: BigInt(lastSeen) } satisfies Position);
    // Not confirmed yet: still down.
    expect(handle.down?.()).toBeDefined();

    // Appended while it was away; the server comes back and sends it.
    await store.append('plan-x', 1, [rated('R')]);
    network.withholdConfirmation = false;
    network.confirm(network.subscriptions[1]);
    await until('the new event arrives', () => seen.length === 3);
    expect(codes(seen)).toEqual(['A', 'G', 'R']);
    expect(handle.down?.()).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('backs off while the server stays down, one attempt after another', async () => {
    network.subscriptions[0].call.failWith(status.UNAVAILABLE, 'Connection dropped');
    network.refuseSubscriptions = true;
    network.subscriptions[0].call.failWith(status.UNAVAILABLE, 'Connection dropped');
    await until('three attempts', () => (handle.down?.()?.attempts ?? 0) >= 3);
    expect(handle.down?.()?.reason).toMatch(/No connection established\); subscribing again from position \d+ in \d+ ms \(attempt [3-9]\)/);
    expect(errors).toEqual([]);
  });

  it('still stops and reports when the handler fails: a projector never skips an event', async () => {
    await handle.close();
    const failing = store.subscribeToAll(0, () => Promise.reject(new Error('read model refused')), (e) => void errors.push(e));
    await until('the failure is reported', () => errors.length === 1);
    expect((errors[0] as Error).message).toBe('read model refused');
    expect(network.subscriptions).toHaveLength(2);
    expect(failing.down?.()).toBeUndefined();
  });

  it('subscribes from the start when nothing was seen', async () => {
    await handle.close();
    store.subscribeToAll(0, () => undefined);
    expect(network.subscriptions[1].fromPosition).toBe(START);
  });
});
