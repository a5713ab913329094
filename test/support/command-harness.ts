import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { CliModule } from '../../src/cli/cli.module';
import * as commands from '../../src/commands';
import { APP_CONFIG, loadConfig } from '../../src/config';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { Projector } from '../../src/projections/projector/projector.service';
import { tempDatabase } from './temp-database';

export const ACTORS = {
  board: { id: 'board.chair', role: 'board' },
  lead: { id: 'lead.jo', role: 'lead' },
  qa: { id: 'qa.sam', role: 'qa' },
  inspector: { id: 'ofsted.hmi', role: 'inspector' },
  admin: { id: 'admin.pat', role: 'admin' },
} as const;
export type ActorName = keyof typeof ACTORS;

/**
 * The real write and read sides (CommandBus, QueryBus, projector, SQLite files) in a temporary folder,
 * with a helper to send a command as one of the users.
 */
export async function commandHarness(label: string, inFolder?: string) {
  const database = inFolder ? { dir: inFolder, file: `${inFolder}/events.sqlite`, signerDir: `${inFolder}-signer`, remove: () => undefined } : tempDatabase(label);
  const moduleRef = await Test.createTestingModule({ imports: [CliModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(loadConfig({ DATA_DIR: database.dir, EVENTS_FILE: database.file }))
    .compile();
  const app: INestApplicationContext = await moduleRef.init();
  const bus = app.get(CommandBus);
  const store = app.get<EventStore>(EVENT_STORE);
  const projector = app.get(Projector);
  const queries = app.get(QueryBus);
  return {
    store,
    bus,
    projector,
    /** Ask the read side, after the projector has caught up with everything recorded so far. */
    query: async <T>(query: object): Promise<T> => {
      await projector.start();
      await projector.caughtUp();
      return queries.execute(query);
    },
    database,
    get: <T>(type: new (...args: never[]) => T): T => app.get(type),
    send: <C extends new (input: unknown, issuedBy: commands.IssuedBy) => object>(type: C, input: Record<string, unknown>, as: ActorName): Promise<commands.CommandResult> =>
      bus.execute(new type(input, { actor: ACTORS[as], source: 'cli' })),
    eventCount: () => store.headPosition(),
    close: async () => {
      await projector.stop();
      await app.close();
      database.remove();
    },
  };
}

export type CommandHarness = Awaited<ReturnType<typeof commandHarness>>;

/** A small Sunderland-like plan: priority 3, action 3.2 rated A, QA signs off after 3 months at DG. */
export async function givenSunderlandPlan(h: CommandHarness): Promise<void> {
  await h.send(commands.CreatePlanCommand, { planId: 'sunderland-2017', title: 'Learning and Improvement Plan', council: 'Sunderland', scale: 'sunderland-5', minimumHold: { code: 'DG', months: 3 } }, 'board');
  await h.send(commands.AddPriorityCommand, { planId: 'sunderland-2017', number: 3, title: 'Improving the quality and timeliness of assessment and care planning' }, 'board');
  await h.send(
    commands.AddActionCommand,
    { planId: 'sunderland-2017', reference: '3.2', priorityNumber: 3, ofstedReference: 'Ofsted 3', title: 'Refocus the work of the MASH', initialRating: 'A' },
    'board',
  );
}
