import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandsModule } from '../commands/commands.module';
import { ReadModelsModule } from '../projections/read-models.module';
import { AuthModule } from '../auth/auth.module';
import { AuditModule } from '../audit/audit.module';
import { ImportModule } from '../import/import.module';

/** The CLI needs the write side (which brings the event store), import and the read side, but no HTTP server. */
@Module({ imports: [CqrsModule.forRoot(), CommandsModule, ImportModule, ReadModelsModule, AuthModule, AuditModule] })
export class CliModule {}
