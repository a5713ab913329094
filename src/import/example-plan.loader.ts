import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../config';
import { ImportPlanCommand, ImportSummary } from '../commands';
import { GetLogHead, LogHead } from '../projections/event-log/event-log.queries';
import { sunderlandExample } from './example-plan';

/**
 * On the server's first start, with an empty log, import the Sunderland 2017
 * example, so a new user opens a real plan with history. Runs before the
 * projector starts following the log (its module sits deeper than the app's).
 */
@Injectable()
export class ExamplePlanLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Example');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.loadExample) return;
    const log: LogHead = await this.queries.execute(new GetLogHead());
    if (log.headPosition > 0) return;
    const summary: ImportSummary = await this.commandBus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: 'example-loader', role: 'board' }, source: 'import' }));
    this.logger.log(`Empty event log: loaded the Sunderland 2017 example plan (${summary.rows} actions, ${summary.eventsAppended} events)`);
  }
}
