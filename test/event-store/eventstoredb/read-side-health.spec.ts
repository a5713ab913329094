import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { EventStoreDBClient } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { CliModule } from '../../../src/cli/cli.module';
import * as commands from '../../../src/commands';
import { APP_CONFIG, loadConfig } from '../../../src/config';
import { EVENT_STORE } from '../../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../../src/event-store/eventstoredb/eventstoredb-event-store';
import { GetReadSideHealth, ReadSideHealth } from '../../../src/projections/projection-lag/get-read-side-health.query';
import { Projector } from '../../../src/projections/projector/projector.service';
import { ACTORS } from '../../support/command-harness';
import { tempDatabase } from '../../support/temp-database';
import { FakeNetworkClient } from './fake-network-client';

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The real write and read sides (CommandBus, projector, read-models file, the health query behind
 * /api/health and /api/health/ready) on the EventStoreDB adapter, the client's classes over a
 * simulated server: what health says when the subscription drops, and how far behind it counts.
 */
describe('read-side health on EventStoreDB', () => {
  const database = tempDatabase('esdb-health');
  const network = new FakeNetworkClient();
  let app: INestApplicationContext;
  let projector: Projector;
  const health = (): Promise<ReadSideHealth> => app.get(QueryBus).execute(new GetReadSideHealth());
  const send = (type: new (input: unknown, issuedBy: commands.IssuedBy) => object, input: Record<string, unknown>) =>
    app.get(CommandBus).execute(new type(input, { actor: ACTORS.board, source: 'cli' }));
  const addAction = (n: number) => send(commands.AddActionCommand, { planId: 'esdb-plan', reference: `1.${n}`, priorityNumber: 1, title: `Action ${n}` });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [CliModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(loadConfig({ DATA_DIR: database.dir, EVENTS_FILE: database.file }))
      .overrideProvider(EVENT_STORE)
      .useValue(new EventStoreDbEventStore(network as unknown as EventStoreDBClient))
      .compile();
    app = await moduleRef.init();
    projector = app.get(Projector);
    await send(commands.CreatePlanCommand, { planId: 'esdb-plan', title: 'Plan', council: 'Council', scale: 'rag' });
    await send(commands.AddPriorityCommand, { planId: 'esdb-plan', number: 1, title: 'Workforce' });
    await projector.start();
    await projector.caughtUp();
  }, 60_000);
  afterAll(async () => {
    await projector?.stop();
    await app?.close();
    database.remove();
  });

  it('counts the read models\' lag in events, not in the byte offsets EventStoreDB positions are', async () => {
    await until('following', async () => (await health()).state === 'following' && (await health()).behind === 0);
    const read = await health();
    expect(read.store).toBe('eventstoredb');
    expect(read.head).toBeGreaterThan(1000); // a byte offset: two events in, far past two
    expect(read.behind).toBe(0);
    expect(read.reason).toBeUndefined();

    // The read models held back (the projector stopped): three events recorded, three behind.
    await projector.stop();
    for (let n = 1; n <= 3; n++) await addAction(n);
    expect((await projector.lag()).behind).toBe(3);
    process.env.READY_MAX_LAG = '2';
    try {
      await until('health counts three behind', async () => (await health()).behind === 3, 5000);
      expect((await health()).reason).toMatch(/3 events behind the log \(more than READY_MAX_LAG, 2\)/);
    } finally {
      delete process.env.READY_MAX_LAG;
    }
    await projector.start();
    await projector.caughtUp();
    await until('caught up', async () => (await health()).behind === 0);
  });

  it('is not ready while the subscription is down, and follows again from where it was by itself', async () => {
    await until('following', async () => (await health()).state === 'following');
    const subscriptionsBefore = network.subscriptions.length;
    const current = network.subscriptions[subscriptionsBefore - 1];
    network.refuseSubscriptions = true;
    current.call.failWith(status.UNAVAILABLE, 'Connection dropped');

    await until('health says the subscription is down', async () => (await health()).state === 'retrying');
    const down = await health();
    expect(down.reason).toMatch(/^The subscription to EventStoreDB dropped \(.*Connection dropped.*\); subscribing again from position \d+/);
    expect(projector.status().state).toBe('retrying');

    // An action recorded while the server is away reaches the read models once it is back.
    network.refuseSubscriptions = false;
    await addAction(4);
    await until('following again', async () => (await health()).state === 'following', 20_000);
    await projector.caughtUp();
    const after = await health();
    expect(after.reason).toBeUndefined();
    expect(after.behind).toBe(0);
    expect(network.subscriptions.length).toBeGreaterThan(subscriptionsBefore);
  });
});
