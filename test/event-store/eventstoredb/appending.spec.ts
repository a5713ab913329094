import { EventStoreDBClient, MaxAppendSizeExceededError, UnavailableError } from '@eventstore/db-client';
import { InvalidInput } from '../../../src/domain/errors';
import { AppendTooLarge } from '../../../src/event-store/append-too-large';
import { EventEnvelope, NewEvent } from '../../../src/event-store/envelope';
import { NO_STREAM } from '../../../src/event-store/event-store.port';
import { RestoreStoppedPartWay } from '../../../src/event-store/eventstoredb/appending';
import { EventStoreDbEventStore } from '../../../src/event-store/eventstoredb/eventstoredb-event-store';
import { verifyStreamChain } from '../../../src/event-store/hashing';
import { FakeNetworkClient } from './fake-network-client';

const noted = (text: string): NewEvent => ({
  type: 'ActionNoted',
  schemaVersion: 1,
  data: { text },
  metadata: { actor: { id: 'lead.jo', role: 'lead' }, effectiveAt: '2024-01-31', correlationId: 'c', causationId: 'c', source: 'api' },
});
const kb = (n: number) => 'x'.repeat(n * 1024);
const storeOver = (network: FakeNetworkClient) => new EventStoreDbEventStore(network as unknown as EventStoreDBClient);
const ourRecords = (network: FakeNetworkClient) => network.log.filter((r) => !r.streamId.startsWith('$'));

/** A log sealed by the adapter itself, as an export hands it back. */
async function sealedLog(build: (store: EventStoreDbEventStore) => Promise<void>): Promise<EventEnvelope[]> {
  const source = storeOver(new FakeNetworkClient());
  await build(source);
  return source.readAll({ limit: 10_000 });
}

describe('EventStoreDB adapter: appends over the server\'s MaxAppendSize (1 MiB by default)', () => {
  it('refuses an oversized command as bad input (a 400 naming the body), writing nothing', async () => {
    const network = new FakeNetworkClient();
    const store = storeOver(network);
    const refused = await store.append('plan-x', NO_STREAM, [noted(kb(600)), noted(kb(600))]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppendTooLarge);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).status).toBe(400);
    expect((refused as InvalidInput).field).toBe('body');
    expect((refused as Error).message).toMatch(/at most 1048576 bytes/);
    expect(ourRecords(network)).toEqual([]);
  });

  it('restores a same-stream run over the limit as several appends under it, in order, the chain intact', async () => {
    const events = await sealedLog(async (s) => {
      await s.append('plan-x', NO_STREAM, [noted(kb(400)), noted(kb(400))]);
      await s.append('plan-x', 1, [noted(kb(400)), noted(kb(400))]);
      await s.append('plan-y', NO_STREAM, [noted('short')]);
    });
    const network = new FakeNetworkClient();
    const target = storeOver(network);
    expect(await target.importSealed(events)).toBe(5);
    expect(network.appendCalls).toEqual([
      ['plan-x', 2],
      ['plan-x', 2],
      ['plan-y', 1],
    ]);
    const restored = await target.readAll();
    expect(restored.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    expect(verifyStreamChain(await target.readStream('plan-x'))).toEqual([]);
  });

  it('refuses, before writing anything, a restore holding one event no append can carry', async () => {
    const events = await sealedLog(async (s) => {
      await s.append('plan-y', NO_STREAM, [noted('short')]);
      await s.append('plan-x', NO_STREAM, [noted(kb(900))]);
    });
    const network = new FakeNetworkClient();
    network.maxAppendSize = 512 * 1024;
    const target = new EventStoreDbEventStore(network as unknown as EventStoreDBClient, { maxAppendSize: 512 * 1024 });
    await expect(target.importSealed(events)).rejects.toThrow(/over EventStoreDB's MaxAppendSize of 524288 bytes: no append can carry it, so nothing was restored/);
    expect(network.appendCalls).toEqual([]);
    expect(ourRecords(network)).toEqual([]);
  });

  it('says exactly what was left written when the server fails part-way through a restore', async () => {
    const events = await sealedLog(async (s) => {
      await s.append('plan-x', NO_STREAM, [noted('a'), noted('b')]);
      await s.append('plan-y', NO_STREAM, [noted('c')]);
    });
    const network = new FakeNetworkClient();
    network.failAppendWith = { after: 1, error: () => new UnavailableError(undefined, 'Connection dropped') };
    const failure = await storeOver(network).importSealed(events).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RestoreStoppedPartWay);
    expect((failure as Error).message).toMatch(/stopped after 2 of 3 events: Connection dropped\. EventStoreDB cannot undo appends, so those 2 events stay/);
    expect(ourRecords(network).map((r) => r.streamId)).toEqual(['plan-x', 'plan-x']);
  });

  it('passes on the server\'s refusal of a first append as it is: nothing was written', async () => {
    const events = await sealedLog(async (s) => s.append('plan-x', NO_STREAM, [noted('a')]).then(() => undefined));
    const network = new FakeNetworkClient();
    network.failAppendWith = { after: 0, error: () => MaxAppendSizeExceededError.fromMaxAppendSize(100) };
    await expect(storeOver(network).importSealed(events)).rejects.toThrow(AppendTooLarge);
    expect(ourRecords(network)).toEqual([]);
  });
});
