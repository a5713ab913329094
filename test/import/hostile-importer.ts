/**
 * Child process for the 200-hostile-files suite: boots the app as the CLI does (CliModule on
 * the SQLite files named by DATA_DIR and EVENTS_FILE), imports every file of a folder in name
 * order through ImportPlanCommand on the CommandBus as a board member, each into a plan of its
 * own, and prints one JSON line per file: accepted (with the types of the events it appended),
 * refused (InvalidInput, the CLI's exit code 2, with how many events were appended: must be 0),
 * or error (anything else: the importer's "500"), and the process's peak resident memory so far.
 * Its last line is the peak over the whole run, so the figure is the importer's own and not the test runner's. With `baseline` it only boots
 * the app and prints that figure.
 *
 *   node dist/test/import/hostile-importer.js <folder>|baseline
 */
import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CliModule } from '../../src/cli/cli.module';
import { ImportPlanCommand, ImportSummary } from '../../src/commands';
import { InvalidInput } from '../../src/domain/errors';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { sunderlandExample } from '../../src/import/example-plan';

const board = { actor: { id: 'board.clerk', role: 'board' }, source: 'import' as const };
const line = (record: object) => writeSync(1, `${JSON.stringify(record)}\n`);
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function importEvery(folder: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
  if (folder === 'baseline') {
    line({ peakRssMb: peakMb() });
    await app.close();
    return;
  }
  const bus = app.get(CommandBus);
  const store = app.get<EventStore>(EVENT_STORE);
  const names = readdirSync(folder).sort();
  for (const [index, name] of names.entries()) {
    const content = readFileSync(join(folder, name));
    const before = await store.headPosition();
    const started = performance.now();
    let outcome: object;
    try {
      const summary: ImportSummary = await bus.execute(new ImportPlanCommand({ ...sunderlandExample(), planId: `hostile-${index}`, fileName: name, content }, board));
      outcome = { outcome: 'accepted', rows: summary.rows, convertedFrom: summary.convertedFrom, notes: summary.notes?.length ?? 0 };
    } catch (error) {
      outcome =
        error instanceof InvalidInput
          ? { outcome: 'refused', message: error.message.slice(0, 200) }
          : { outcome: 'error', message: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
    }
    const ms = performance.now() - started;
    const appended = await store.readAll({ after: before, limit: 100_000 });
    const types: Record<string, number> = {};
    for (const event of appended) types[event.type] = (types[event.type] ?? 0) + 1;
    line({ name, ms, ...outcome, appended: appended.length, types, peakRssMb: peakMb() });
  }
  await app.close();
  line({ peakRssMb: peakMb() });
}

importEvery(process.argv[2]).catch((error: unknown) => {
  writeSync(2, `hostile-importer failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
