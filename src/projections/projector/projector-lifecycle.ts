import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Projector } from './projector.service';
import { PlanTimelines } from '../plan-facts/plan-timelines';

/**
 * In the server: keep the read models following the log until shutdown. (On a
 * first start with an empty log the importer's ExamplePlanLoader has loaded the
 * Sunderland example before this runs: Nest starts the deeper modules first.)
 */
@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    private readonly projector: Projector,
    private readonly timelines: PlanTimelines,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
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
