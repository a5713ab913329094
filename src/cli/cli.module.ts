import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandsModule } from '../commands/commands.module';
import { EventStoreModule } from '../event-store/event-store.module';

/** The CLI needs the write side, and the event store, but no HTTP server. */
@Module({ imports: [CqrsModule.forRoot(), EventStoreModule, CommandsModule] })
export class CliModule {}
