import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ImportPlanCommand, ImportSummary } from '../commands';
import { InvalidInput } from '../domain/errors';
import { Projector } from '../projections/projector/projector.service';
import { GetProjectionLag } from '../projections/projection-lag/get-projection-lag.query';
import { FORMATS, renderReport, requireFormat } from '../reports/render/render';
import { REPORTS, reportNamed } from '../reports/report-catalogue';
import { asWhom, IDENTIFY_YOURSELF } from './identify-yourself';
import { localCaller } from './local-caller';

type App = () => Promise<INestApplicationContext>;

/** A progress bar on stderr when a person is watching; nothing when output goes to a file or CI. */
export function progressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  return {
    update: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

export function addReadCommands(program: Command, app: App): void {
  program
    .command('import')
    .description('import a plan from a CSV or XLSX file; each "RAG <label> (YYYY-MM-DD)" column becomes the ratings effective that day')
    .requiredOption('--plan <planId>', 'the plan id, e.g. sunderland-2017')
    .requiredOption('--file <path>', 'the .csv or .xlsx file')
    .option('--title <text>', 'the plan title (for a new plan)', 'Improvement Plan')
    .option('--council <name>', 'the council (for a new plan)', 'Council')
    .option('--scale <preset>', 'RAG scale preset for a new plan', 'sunderland-5')
    .addOption(new Option('--sign-off-role <role>', 'who signs off completion').choices(['qa', 'board']).default('qa'))
    .addHelpText('after', `${IDENTIFY_YOURSELF}\n  Importing needs the board role; every imported event names you as its actor.`)
    .action(async (o: Record<string, string>) => {
      const actor = await localCaller(app, 'import');
      const bar = progressBar('Importing rows');
      const summary: ImportSummary = await (await app()).get(CommandBus).execute(
        new ImportPlanCommand(
          { planId: o.plan, title: o.title, council: o.council, scale: o.scale, signOffRole: o.signOffRole as 'qa' | 'board', fileName: basename(o.file), content: readFileSync(o.file) },
          { actor, source: 'import' },
          bar.update,
        ),
      );
      bar.stop();
      if (summary.convertedFrom) {
        process.stdout.write(`Converted ${basename(o.file)} from ${summary.convertedFrom} to UTF-8: it was not saved as "CSV UTF-8". Check its accented letters and symbols read as you meant.\n`);
      }
      // Cells recorded as a code they were not exactly (a Cyrillic "С" as C): the file's reader should know.
      for (const note of summary.notes ?? []) process.stdout.write(`Note: ${note.field}: ${note.message}\n`);
      process.stdout.write(
        summary.alreadyUpToDate
          ? `Nothing to import: the log already holds everything in ${basename(o.file)} (${summary.rows} rows).\n`
          : `Imported ${summary.rows} rows into plan ${summary.planId}: ${summary.eventsAppended} events in ${summary.streamsChanged} streams, ${asWhom(actor)}.\n`,
      );
    });

  program
    .command('rebuild-read-models')
    .description('throw the read models away and fold the whole event log again')
    .action(async () => {
      const projector = (await app()).get(Projector);
      const bar = progressBar('Rebuilding read models');
      const started = Date.now();
      const count = await projector.rebuild(bar.update);
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`Rebuilt the read models from ${count} events in ${seconds.toFixed(1)} s (${Math.round(count / Math.max(seconds, 0.001))} events/s).\n`);
    });

  program
    .command('catch-up')
    .description('bring the read models up to date with the event log, then exit')
    .action(async () => {
      const projector = (await app()).get(Projector);
      await projector.start();
      await projector.caughtUp(10 * 60 * 1000);
      await projector.stop();
      const lag = await projector.lag();
      process.stdout.write(`Read models are up to date at position ${lag.checkpoint}.\n`);
    });

  program
    .command('lag')
    .description('how far the read models are behind the event log')
    .action(async () => {
      const lag = await (await app()).get(QueryBus).execute(new GetProjectionLag());
      process.stdout.write(`Read models are at position ${lag.checkpoint} of ${lag.head}: ${lag.behind} event(s) behind.\n`);
    });

  const report = program
    .command('report')
    .description(`print a report: ${Object.keys(REPORTS).join(', ')}`)
    .argument('<name>', `one of ${Object.keys(REPORTS).join(', ')}`)
    .requiredOption('--plan <planId>', 'the plan id')
    .option('--as-of <date>', 'the plan as effective on this date (default: now)')
    .option('--known-at <instant>', 'only what had been recorded by then (default: now)')
    .option('--from <date-or-label>', 'the earlier date of a comparison, or a reporting point such as "Nov 16"')
    .option('--to <date-or-label>', 'the later date of a comparison (default: now)')
    .option('--due-by <date>', 'for due-by: the due date')
    .option('--ref <reference>', 'for history: the action reference')
    .option('--due-from <date>', 'for due-between: the first due date of the window')
    .option('--due-to <date>', 'for due-between: the last due date of the window (included)')
    .option('--rows <codes|priorities>', 'for rag-table: what the rows are, RAG codes or priorities (default codes)')
    .option('--new-since <date-or-label>', 'for rag-table: count as new the actions added after this date (default: the board date before --as-of)')
    .option('--columns <list>', 'optional columns of the action tables, comma-separated: lead, due, commentary')
    .option('--sections <list>', 'for committee: the sections, comma-separated, in order (rag-summary, rag-table, previous-vs-current, red-amber, due-between, new-actions, completion-register)')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('md'))
    .option('--out <file>', 'write to a file instead of the screen (needed for docx)');
  report.action(async (name: string, o: Record<string, string | undefined>) => {
    const spec = reportNamed(name);
    if (!spec) throw new InvalidInput('name', `"${name}" is not a report; choose one of ${Object.keys(REPORTS).join(', ')}`);
    const context = await app();
    const projector = context.get(Projector);
    await projector.start();
    await projector.caughtUp(60000);
    await projector.stop();
    const { data, document } = await spec.run(context.get(QueryBus), {
      planId: o.plan!,
      asOf: o.asOf,
      knownAt: o.knownAt,
      from: o.from,
      to: o.to,
      dueBy: o.dueBy,
      reference: o.ref,
      dueFrom: o.dueFrom,
      dueTo: o.dueTo,
      orientation: o.rows,
      newSince: o.newSince,
      columns: o.columns,
      sections: o.sections,
    });
    const format = requireFormat(o.format ?? 'md');
    const output = await renderReport(format, data, document);
    if (o.out) {
      writeFileSync(o.out, output);
      process.stdout.write(`Wrote ${o.out} (${output.length} bytes).\n`);
    } else if (format === 'docx') {
      throw new InvalidInput('--out', 'a Word document needs a file name, e.g. --out report.docx');
    } else {
      process.stdout.write(output);
    }
  });
}
