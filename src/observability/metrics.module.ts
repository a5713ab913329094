import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReadModelsModule } from '../projections/read-models.module';
import { CommandTiming } from './command-timing';
import { Metrics } from './metrics';

/** The server's Prometheus metrics (GET /api/metrics) and the timing of every command on the bus. */
@Module({
  imports: [ReadModelsModule, AuditModule],
  providers: [Metrics, CommandTiming],
  exports: [Metrics],
})
export class MetricsModule {}
