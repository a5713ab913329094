import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { PlanFact } from './plan-facts/plan-fact.entity';
import { PlanFactsReader } from './plan-facts/plan-facts.reader';
import { PlanTimelines } from './plan-facts/plan-timelines';
import { ProjectionCheckpoint } from './projector/projection-checkpoint.entity';
import { Projector } from './projector/projector.service';
import { GetCompletionRegisterHandler } from './completion-register/get-completion-register.query';
import { GetAddedBetweenHandler } from './due-and-added/get-added-between.query';
import { GetDueByHandler } from './due-and-added/get-due-by.query';
import { GetDueBetweenHandler } from './due-and-added/get-due-between.query';
import { GetOverdueHandler } from './due-and-added/get-overdue.query';
import { GetPlanStateHandler } from './plan-state/get-plan-state.query';
import { GetPreviousVsCurrentHandler } from './previous-vs-current/get-previous-vs-current.query';
import { GetProjectionLagHandler } from './projection-lag/get-projection-lag.query';
import { GetReadSideHealthHandler } from './projection-lag/get-read-side-health.query';
import { GetRagSummaryHandler } from './rag-summary/get-rag-summary.query';
import { GetRagTableHandler } from './rag-table/get-rag-table.query';
import { ActionHistories } from './rating-history/action-histories';
import { GetRatingHistoryHandler } from './rating-history/get-rating-history.query';
import { PlanSnapshots } from './shared/plan-snapshots.service';
import { EVENT_LOG_PROVIDERS, EVENT_LOG_QUERY_HANDLERS } from './event-log/event-log.queries';
import { GetKpiTableHandler } from './kpi-table/get-kpi-table.query';
import { KpiFactsReader } from './kpi-table/kpi-facts.reader';
import { MILESTONE_QUERY_HANDLERS } from './milestones/milestone-query-handlers';

export const READ_MODEL_ENTITIES = [PlanFact, ProjectionCheckpoint];

/** One handler per question the read side answers, each in the slice (folder) named for it. */
const QUERY_HANDLERS = [
  GetPlanStateHandler,
  GetRagSummaryHandler,
  GetRagTableHandler,
  GetPreviousVsCurrentHandler,
  GetCompletionRegisterHandler,
  GetDueByHandler,
  GetDueBetweenHandler,
  GetAddedBetweenHandler,
  GetOverdueHandler,
  GetRatingHistoryHandler,
  GetProjectionLagHandler,
  GetReadSideHealthHandler,
  GetKpiTableHandler,
  ...EVENT_LOG_QUERY_HANDLERS,
  ...MILESTONE_QUERY_HANDLERS,
];

/**
 * The read side: read models in their own SQLite file through TypeORM, the
 * projector that keeps them up to date, and the query handlers behind the QueryBus.
 * The schema is synchronised from the entities: read models hold nothing that
 * cannot be rebuilt from the log.
 */
@Module({
  imports: [
    CqrsModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'better-sqlite3' as const,
        database: config.readModelsFile,
        entities: READ_MODEL_ENTITIES,
        synchronize: true,
        enableWAL: true,
        timeout: 5000,
      }),
    }),
  ],
  providers: [Projector, PlanFactsReader, PlanTimelines, PlanSnapshots, ActionHistories, KpiFactsReader, ...EVENT_LOG_PROVIDERS, ...QUERY_HANDLERS],
  exports: [Projector, PlanFactsReader, PlanTimelines],
})
export class ReadModelsModule {}
