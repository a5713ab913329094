import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DomainErrorFilter } from './api/domain-error.filter';
import { EventsController } from './api/events.controller';
import { ProblemsController } from './api/problems.controller';
import { ApiCommands } from './api/issue-command';
import { HealthController } from './api/health.controller';
import { MetricsController } from './api/metrics.controller';
import { ReportsController } from './api/reports.controller';
import { ActionsController } from './api/actions.controller';
import { KpisController } from './api/kpis.controller';
import { EvidenceController } from './api/evidence.controller';
import { AuditController } from './api/audit.controller';
import { BundlesController } from './api/bundles.controller';
import { AuditModule } from './audit/audit.module';
import { EvidenceFilesModule } from './evidence/evidence-files.module';
import { PlansController } from './api/plans.controller';
import { PlanShapeController } from './api/plan-shape.controller';
import { AUTH_GUARD_PROVIDER, AuthModule } from './auth/auth.module';
import { SessionController } from './auth/session.controller';
import { AccountsController } from './auth/accounts.controller';
import { AccessLogController } from './auth/access-log.controller';
import { CommandsModule } from './commands/commands.module';
import { EventStoreModule } from './event-store/event-store.module';
import { ExamplePlanModule } from './import/example-plan.module';
import { ImportModule } from './import/import.module';
import { MetricsModule } from './observability/metrics.module';
import { ProjectorLifecycle } from './projections/projector/projector-lifecycle';
import { ReadModelsModule } from './projections/read-models.module';
import { WebModule } from './web/web.module';
import { StorageHealthModule } from './storage-health';
import { ReadsAfterOtherServersWritesGuard } from './api/reads-after-other-servers-writes.guard';

@Module({
  imports: [CqrsModule.forRoot(), StorageHealthModule, EventStoreModule, CommandsModule, ImportModule, ExamplePlanModule, ReadModelsModule, AuthModule, EvidenceFilesModule, WebModule, AuditModule, MetricsModule],
  controllers: [HealthController, MetricsController, SessionController, PlansController, PlanShapeController, ActionsController, KpisController, EvidenceController, EventsController, ReportsController, AuditController, BundlesController, AccountsController, AccessLogController, ProblemsController],
  providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }, AUTH_GUARD_PROVIDER, ProjectorLifecycle, ApiCommands,
    // After the caller is known (guards run in the order given): a read on PostgreSQL first reaches the log's head.
    { provide: APP_GUARD, useClass: ReadsAfterOtherServersWritesGuard },
  ],
})
export class AppModule {}
