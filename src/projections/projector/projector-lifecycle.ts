import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { ImportPlanCommand } from '../../commands/import-plan/import-plan.command';
import { sunderlandExample } from '../../import/example-plan';
import { Projector } from './projector.service';
import { PlanTimelines } from '../plan-facts/plan-timelines';

/**
 * In the server: on the first start with an empty log, load the Sunderland
 * example (so a new user opens a real plan with history), then keep the read
 * models following the log until shutdown.
 */
@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    private readonly projector: Projector,
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly timelines: PlanTimelines,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.loadExample && (await this.store.headPosition()) === 0) {
      const summary = await this.commandBus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: 'example-loader', role: 'board' }, source: 'import' }));
      this.logger.log(`Empty event log: loaded the Sunderland 2017 example plan (${summary.rows} actions, ${summary.eventsAppended} events)`);
    }
    await this.projector.start();
    // In the background, once the read models have caught up with the log (before that there may be
    // nothing to load, as on a first start): the server answers meanwhile, and a plan not yet loaded is
    // loaded by its first reader.
    void this.projector
      .caughtUp(10 * 60_000)
      .catch(() => undefined)
      .then(() => this.timelines.warm())
      .then(
        (plans) => this.logger.log(`Plans' timelines in memory: ${plans} plan(s), ${this.timelines.size.facts} facts`),
        (error: Error) => this.logger.warn(`Could not preload plans' timelines (${error.message}); each loads when first read`),
      );
  }

  /** Before any module's shutdown closes a connection: stopped later, the projector read a closed store and logged an error. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}
