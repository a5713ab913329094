import { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { BundleRequest, BundleService } from '../audit/bundle.service';
import { actionHistoryBundle, eventBundle, reportBundle } from '../audit/bundle-requests';
import { InvalidInput } from '../domain/errors';
import { Projector } from '../projections/projector/projector.service';
import { readClocks } from '../projections/shared/report-time';
import { REPORTS, reportNamed } from '../reports/report-catalogue';

type App = () => Promise<INestApplicationContext>;

interface BundleOptions {
  event?: string;
  plan?: string;
  ref?: string;
  report?: string;
  asOf?: string;
  knownAt?: string;
  from?: string;
  to?: string;
  dueBy?: string;
  fromSize?: string;
  out?: string;
}

/** `plan-audit bundle`: the same offline proof bundles the API serves, from the local data folder. */
export function addBundleCommand(program: Command, app: App): void {
  program
    .command('bundle')
    .description('write an offline proof bundle (events, audit paths, the cosigned checkpoint) for one event, one action\'s history or one report, to check with tools/verify-export.js')
    .option('--event <eventId>', 'one event')
    .option('--plan <planId>', "with --ref, an action's history; with --report, a report")
    .option('--ref <reference>', 'the action reference, e.g. 3.2 (or, with --report history, the action the report is about)')
    .option('--report <name>', `a report: ${Object.keys(REPORTS).join(', ')}`)
    .option('--as-of <date>', 'for a report: the plan as effective on this date')
    .option('--known-at <instant>', "only what had been recorded by then (default: now; for a report, when the newest checkpoint's last event was recorded)")
    .option('--from <date-or-label>', "for a report: the comparison's earlier date")
    .option('--to <date-or-label>', "for a report: the comparison's later date")
    .option('--due-by <date>', 'for the due-by report: the due date')
    .option('--from-size <treeSize>', 'add a consistency proof from the checkpoint of this size, which you hold')
    .requiredOption('--out <file>', 'the .json file to write')
    .action(async (o: BundleOptions) => {
      const context = await app();
      const request = await bundleRequest(o, context);
      const bundle = await context.get(BundleService).bundle(request);
      writeFileSync(o.out!, `${JSON.stringify(bundle, null, 2)}\n`);
      process.stdout.write(
        `Wrote ${o.out}: ${bundle.events.length} event(s), each with its audit path to the checkpoint of ${bundle.checkpoint.treeSize} events taken at ${bundle.checkpoint.takenAt}` +
          `${bundle.checkpoint.cosignatures?.length ? ` (${bundle.checkpoint.cosignatures.length} cosignature(s))` : ''}. Check it with: node tools/verify-export.js ${o.out} --public-key <key.pem>\n`,
      );
    });
}

async function bundleRequest(o: BundleOptions, context: INestApplicationContext): Promise<BundleRequest> {
  const fromSize = o.fromSize === undefined ? undefined : treeSize(o.fromSize);
  const knownAt = o.knownAt ? readClocks(undefined, o.knownAt).knownAt : undefined;
  if (o.event) return eventBundle(o.event, fromSize);
  if (!o.plan) throw new InvalidInput('--event', 'say what to bundle: --event <id>, --plan <id> --ref <reference>, or --plan <id> --report <name>');
  if (!o.report) {
    if (!o.ref) throw new InvalidInput('--ref', "name the action whose history to bundle, e.g. --ref 3.2 (or --report <name> for a report)");
    return actionHistoryBundle(o.plan, o.ref, knownAt, fromSize);
  }
  const spec = reportNamed(o.report);
  if (!spec) throw new InvalidInput('--report', `"${o.report}" is not a report; choose one of ${Object.keys(REPORTS).join(', ')}`);
  // The report as the read models hold it once they have caught up with the log, as the report command prints it.
  const projector = context.get(Projector);
  await projector.start();
  await projector.caughtUp(60000);
  await projector.stop();
  // Without --known-at, the report as far as the newest checkpoint covers it.
  const pinned = knownAt ?? (await context.get(BundleService).signedUpTo()) ?? readClocks(undefined, undefined).knownAt;
  const given = { asOf: o.asOf, from: o.from, to: o.to, dueBy: o.dueBy, ref: o.ref };
  const parameters: Record<string, string> & { knownAt: string } = { knownAt: pinned };
  for (const [key, value] of Object.entries(given)) if (value !== undefined && value !== '') parameters[key] = value;
  const { data } = await spec.run(context.get(QueryBus), { planId: o.plan, asOf: o.asOf, knownAt: pinned, from: o.from, to: o.to, dueBy: o.dueBy, reference: o.ref });
  return reportBundle(o.plan, o.report, parameters, data, fromSize);
}

function treeSize(text: string): number {
  const value = Number(text);
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(value)) throw new InvalidInput('--from-size', `"${text}" is not the tree size of a checkpoint you hold; plan-audit checkpoints lists them`);
  return value;
}
