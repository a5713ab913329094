import { randomUUID } from 'node:crypto';
import { EventEnvelope, NewEvent } from '../../../src/event-store/envelope';
import { ConcurrencyError } from '../../../src/domain/errors';
import { ANY_VERSION, EventStore, NO_STREAM } from '../../../src/event-store/event-store.port';
import { hashEvent, verifyStreamChain } from '../../../src/event-store/hashing';

/**
 * One contract, every adapter: the SQLite default and EventStoreDB must behave
 * the same way for everything the rest of the system relies on. Stream ids carry
 * a random run prefix so a shared EventStoreDB can be reused between runs.
 */
export function runEventStoreContract(name: string, makeStore: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    const stream = (label: string) => `contract-${run}/${label}`;
    const ours = (events: EventEnvelope[]) => events.filter((e) => e.streamId.startsWith(`contract-${run}/`));

    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('appends to a new stream, numbering versions from 0, stamping recordedAt and chaining hashes', async () => {
      const before = Date.now();
      const result = await store.append(stream('new'), NO_STREAM, [rated('A'), rated('LG'), rated('DG')]);
      expect(result.nextExpectedVersion).toBe(2);
      const events = await store.readStream(stream('new'));
      expect(events.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      expect(events.map((e) => (e.data as { code: string }).code)).toEqual(['A', 'LG', 'DG']);
      expect(events[0].prevHash).toBeNull();
      expect(events[1].prevHash).toBe(events[0].hash);
      expect(events[2].prevHash).toBe(events[1].hash);
      for (const event of events) {
        expect(event.hash).toBe(hashEvent(event));
        expect(Date.parse(event.metadata.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(event.metadata.actor).toEqual({ id: 'lead.jo', role: 'lead' });
        expect(event.schemaVersion).toBe(1);
      }
      expect(events[1].globalPosition).toBeGreaterThan(events[0].globalPosition);
      expect(verifyStreamChain(events)).toEqual([]);
      expect(result.events.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    });

    it('hands back each appended event exactly as it reads back: undefined left out, dates as text, the hash over what is stored', async () => {
      const untidy: NewEvent = { ...rated('A'), data: { zeta: 1, alpha: { b: undefined, a: new Date('2024-01-31T00:00:00.000Z') }, list: [undefined, 2] } };
      const result = await store.append(stream('round-trip'), NO_STREAM, [untidy]);
      const [read] = await store.readStream(stream('round-trip'));
      expect(read.data).toStrictEqual({ zeta: 1, alpha: { a: '2024-01-31T00:00:00.000Z' }, list: [null, 2] });
      expect(result.events[0].data).toStrictEqual(read.data);
      expect(result.events[0].metadata).toStrictEqual(read.metadata);
      expect(read.hash).toBe(hashEvent(read));
      expect(result.events[0].hash).toBe(read.hash);
    });

    it('continues the chain across appends when the expected version matches', async () => {
      const first = await store.append(stream('continue'), NO_STREAM, [rated('A')]);
      await store.append(stream('continue'), first.nextExpectedVersion, [rated('G')]);
      const events = await store.readStream(stream('continue'));
      expect(events.map((e) => e.streamVersion)).toEqual([0, 1]);
      expect(verifyStreamChain(events)).toEqual([]);
    });

    it('refuses an append with a stale expected version and appends nothing', async () => {
      await store.append(stream('stale'), NO_STREAM, [rated('A')]);
      await store.append(stream('stale'), 0, [rated('LG')]);
      await expect(store.append(stream('stale'), 0, [rated('R')])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(stream('stale'), NO_STREAM, [rated('R')])).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream(stream('stale'))).map((e) => (e.data as { code: string }).code)).toEqual(['A', 'LG']);
    });

    it('refuses an expected version on a stream that does not exist', async () => {
      await expect(store.append(stream('missing'), 3, [rated('A')])).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('lets exactly one of two concurrent writers with the same expected version win', async () => {
      await store.append(stream('race'), NO_STREAM, [rated('A')]);
      const outcomes = await Promise.allSettled([store.append(stream('race'), 0, [rated('LG')]), store.append(stream('race'), 0, [rated('R')])]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConcurrencyError);
      const events = await store.readStream(stream('race'));
      expect(events).toHaveLength(2);
      expect(verifyStreamChain(events)).toEqual([]);
    });

    it('appends a batch all or nothing: a batch that fails part-way leaves the stream untouched', async () => {
      await store.append(stream('atomic'), NO_STREAM, [rated('A')]);
      const poisoned = { ...rated('LG'), data: { code: 'LG', amount: BigInt(1) } } as NewEvent;
      await expect(store.append(stream('atomic'), 0, [rated('DG'), poisoned, rated('C')])).rejects.toThrow();
      const events = await store.readStream(stream('atomic'));
      expect(events.map((e) => (e.data as { code: string }).code)).toEqual(['A']);
    });

    it('appends at the head whatever its version when told ANY_VERSION, keeping the chain', async () => {
      await store.append(stream('any'), NO_STREAM, [rated('A')]);
      await store.append(stream('any'), ANY_VERSION, [rated('G')]);
      const events = await store.readStream(stream('any'));
      expect(events.map((e) => e.streamVersion)).toEqual([0, 1]);
      expect(verifyStreamChain(events)).toEqual([]);
    });

    it('appends to several streams at once, each with its own expected version and chain', async () => {
      await store.append(stream('many-b'), NO_STREAM, [rated('A')]);
      const results = await store.appendMany([
        { streamId: stream('many-a'), expectedVersion: NO_STREAM, events: [rated('A'), rated('LG')] },
        { streamId: stream('many-b'), expectedVersion: 0, events: [rated('DG')] },
      ]);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([1, 1]);
      for (const id of [stream('many-a'), stream('many-b')]) expect(verifyStreamChain(await store.readStream(id))).toEqual([]);
      await expect(store.appendMany([{ streamId: stream('many-a'), expectedVersion: 0, events: [rated('R')] }])).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream(stream('many-a'))).toHaveLength(2);
    });

    it('reads only the events after a given version, for a cached state to catch up', async () => {
      await store.append(stream('after'), NO_STREAM, [rated('A'), rated('LG'), rated('DG')]);
      expect((await store.readStream(stream('after'), { afterVersion: 0 })).map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(await store.readStream(stream('after'), { afterVersion: 2 })).toEqual([]);
      expect((await store.readStream(stream('after'), { afterVersion: -1 })).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
    });

    it('reads a stream that does not exist as empty', async () => {
      expect(await store.readStream(stream('never-written'))).toEqual([]);
      expect(await store.readHistory(stream('never-written'))).toEqual([]);
    });

    it('reads a history: the stream\'s events as read, less their seals', async () => {
      await store.append(stream('history'), NO_STREAM, [rated('A'), rated('LG')]);
      await store.append(stream('other'), NO_STREAM, [rated('R')]);
      const sealed = await store.readStream(stream('history'));
      const history = await store.readHistory(stream('history'));
      expect(history).toEqual(sealed.map(({ prevHash, hash, ...unsealed }) => unsealed));
      expect(history.map((e) => e.streamId)).toEqual([stream('history'), stream('history')]);
    });

    it('reads the whole log in global order, page by page', async () => {
      await store.append(stream('log-a'), NO_STREAM, [rated('A'), rated('LG')]);
      await store.append(stream('log-b'), NO_STREAM, [rated('R')]);
      await store.append(stream('log-a'), 1, [rated('DG')]);
      const all: EventEnvelope[] = [];
      for (let after = 0; ; ) {
        const page = await store.readAll({ after, limit: 3 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(3);
        all.push(...page);
        after = page[page.length - 1].globalPosition;
      }
      const positions = all.map((e) => e.globalPosition);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
      const log = ours(all).filter((e) => e.streamId.endsWith('/log-a') || e.streamId.endsWith('/log-b'));
      expect(log.map((e) => `${e.streamId.split('/')[1]}:${(e.data as { code: string }).code}`)).toEqual(['log-a:A', 'log-a:LG', 'log-b:R', 'log-a:DG']);
      expect(await store.headPosition()).toBe(positions[positions.length - 1]);
    });

    it('delivers past and new events to a catch-up subscription in global order', async () => {
      await store.append(stream('sub'), NO_STREAM, [rated('A')]);
      const seen: EventEnvelope[] = [];
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      const subscription = store.subscribeToAll(0, (event) => {
        seen.push(event);
        if (event.streamId === stream('sub') && event.streamVersion === 2) resolveDone();
      });
      await store.append(stream('sub'), 0, [rated('LG')]);
      await store.append(stream('sub'), 1, [rated('DG')]);
      await withTimeout(done, 10000, 'the subscription did not deliver the new events');
      await subscription.close();
      const mine = seen.filter((e) => e.streamId === stream('sub'));
      expect(mine.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      const positions = seen.map((e) => e.globalPosition);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('delivers every event of many appends made at once, each once and in global order', async () => {
      const head = await store.headPosition();
      const seen: EventEnvelope[] = [];
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      const streams = Array.from({ length: 20 }, (_, i) => stream(`burst-${i}`));
      const subscription = store.subscribeToAll(head, (event) => {
        seen.push(event);
        if (seen.filter((e) => streams.includes(e.streamId)).length === streams.length * 2) resolveDone();
      });
      // Not awaited one by one: a server's requests append in the same turn of the event loop.
      await Promise.all(streams.map((id) => store.append(id, NO_STREAM, [rated('A'), rated('G')])));
      await withTimeout(done, 10000, 'the subscription did not deliver every event of the burst');
      await subscription.close();
      const positions = seen.map((e) => e.globalPosition);
      expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
      for (const id of streams) expect(seen.filter((e) => e.streamId === id).map((e) => e.streamVersion)).toEqual([0, 1]);
    });

    it('starts a subscription after a given position without redelivering earlier events', async () => {
      const first = await store.append(stream('sub-after'), NO_STREAM, [rated('A')]);
      const from = first.events[0].globalPosition;
      const seen: EventEnvelope[] = [];
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      const subscription = store.subscribeToAll(from, (event) => {
        seen.push(event);
        if (event.streamId === stream('sub-after')) resolveDone();
      });
      await store.append(stream('sub-after'), 0, [rated('G')]);
      await withTimeout(done, 10000, 'the subscription did not deliver the new event');
      await subscription.close();
      expect(seen.every((e) => e.globalPosition > from)).toBe(true);
      expect(seen.filter((e) => e.streamId === stream('sub-after')).map((e) => e.streamVersion)).toEqual([1]);
    });
  });
}

function rated(code: string): NewEvent {
  return {
    type: 'RatingChanged',
    schemaVersion: 1,
    data: { code },
    metadata: {
      actor: { id: 'lead.jo', role: 'lead' },
      effectiveAt: '2017-01-31T00:00:00.000Z',
      reason: 'entered after the board meeting',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      source: 'cli',
    },
  };
}

async function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
