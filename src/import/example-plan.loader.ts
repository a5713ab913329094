import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { UsersService } from '../auth/users.service';
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
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.loadExample) return;
    const log: LogHead = await this.queries.execute(new GetLogHead());
    if (log.headPosition > 0) return;
    const loader = await this.loaderOnRecord();
    const summary: ImportSummary = await this.commandBus.execute(new ImportPlanCommand(sunderlandExample(), { actor: { id: loader.id, role: loader.role }, source: 'import' }));
    this.logger.log(`Empty event log: loaded the Sunderland 2017 example plan (${summary.rows} actions, ${summary.eventsAppended} events)`);
  }

  /**
   * The actor on the example's events is a user on record like any other: made
   * here, once, with the board role an import needs, no password and no token
   * (nobody can sign in as it), and its creation is in the access log, by the
   * server. So an auditor finds who "example-loader" is, and that no person was.
   */
  private async loaderOnRecord(): Promise<{ id: string; role: string }> {
    const existing = await this.users.findUser(EXAMPLE_LOADER);
    if (existing) return existing;
    return this.users.createUser(EXAMPLE_LOADER, 'board', 'Example plan loader (the server, on its first start)', undefined, undefined, { kind: 'system', id: 'example-plan-loader' });
  }
}

const EXAMPLE_LOADER = 'example-loader';
