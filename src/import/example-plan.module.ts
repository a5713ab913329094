import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '../auth/auth.module';
import { CommandsModule } from '../commands/commands.module';
import { ExamplePlanLoader } from './example-plan.loader';
import { ImportModule } from './import.module';

/** The server's first-start example; the CLI and tests leave it out, so they start from an empty log. */
@Module({
  imports: [CqrsModule, CommandsModule, ImportModule, AuthModule],
  providers: [ExamplePlanLoader],
})
export class ExamplePlanModule {}
