import { QueryBus } from '@nestjs/cqrs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditService } from '../../src/audit/audit.service';
import { LogTransfer } from '../../src/audit/log-transfer.service';
import { TamperEvidence } from '../../src/audit/tamper-evidence.error';
import * as commands from '../../src/commands';
import { RuleBroken } from '../../src/domain/errors';
import { EventEnvelope } from '../../src/event-store/envelope';
import { EventStore } from '../../src/event-store/event-store.port';
import { sunderlandExample } from '../../src/import/example-plan';
import { REPORTS } from '../../src/reports/report-catalogue';
import { commandHarness, CommandHarness } from '../support/command-harness';
import { asToken, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

const PLAN = 'sunderland-2017';
const PARAMETERS = { planId: PLAN, from: 'Nov 16', dueBy: '2017-06-30', dueFrom: '2017-01-01', dueTo: '2017-06-30', reference: '3.2' };

async function everyEvent(store: EventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].globalPosition;
  }
}

/** Every report in the catalogue, as data and as the tables a committee sees, at one fixed "now" so both stores answer for the same moment. */
async function everyReport(h: CommandHarness, now: string): Promise<Record<string, unknown>> {
  await h.projector.start();
  await h.projector.caughtUp();
  const answers: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(REPORTS)) answers[name] = await spec.run(h.get(QueryBus), { ...PARAMETERS, to: now, asOf: now, knownAt: now });
  return answers;
}

describe('export, then restore into an empty store', () => {
  const target = tempDatabase('restore-target');
  let source: CommandHarness;
  let exported: string;

  beforeAll(async () => {
    source = await commandHarness('restore-source');
    await source.bus.execute(new commands.ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
    await source.send(commands.ChangeRatingCommand, { planId: PLAN, reference: '3.2', code: 'DG', commentary: 'Sustained for three months' }, 'lead');
    await source.send(commands.SubmitEvidenceCommand, { planId: PLAN, reference: '3.2', evidenceId: 'ev-audit', title: 'MASH audit' }, 'lead');
    await source.get(AuditService).takeCheckpoint();
    await source.send(commands.AcceptEvidenceCommand, { planId: PLAN, reference: '3.2', evidenceId: 'ev-audit' }, 'board');
    exported = join(source.database.dir, 'export.jsonl');
    // The export signs the newest event first, so the whole export is under a signature.
    const summary = await source.get(LogTransfer).exportLog(exported);
    expect(summary).toMatchObject({ scope: 'full', events: 214, checkpoints: 3, treeSize: 214, warnings: [] });
  });
  afterAll(async () => {
    await source.close();
    target.remove();
  });

  it('restores with the CLI, reproducing every hash, every checkpoint and every report answer; verify passes', async () => {
    // Restoring writes a whole log, so it needs a proven administrator (the events keep their own actors).
    const restored = runCli(target.dir, ['restore', '--file', exported], asToken(cliToken(target.dir, 'admin.pat', 'admin')));
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^Restored 214 events and 3 checkpoints from .*; they verify\. Restored as admin\.pat \(admin\)\./);
    expect(restored.stdout).toMatch(/Checkpoints signed by key [0-9a-f]{64} are now trusted/);

    const h = await commandHarness('restore-check', target.dir);
    try {
      const before = await everyEvent(source.store);
      const after = await everyEvent(h.store);
      expect(after.map((e) => [e.eventId, e.hash, e.prevHash, e.metadata.recordedAt])).toEqual(before.map((e) => [e.eventId, e.hash, e.prevHash, e.metadata.recordedAt]));
      const signed = (list: { treeSize: number; rootHash: string; takenAt: string; keyId: string; signature: string }[]) =>
        list.map(({ treeSize, rootHash, takenAt, keyId, signature }) => ({ treeSize, rootHash, takenAt, keyId, signature }));
      expect(signed(await h.get(AuditService).listCheckpoints())).toEqual(signed(await source.get(AuditService).listCheckpoints()));

      const report = await h.get(AuditService).verify();
      expect(report.findings).toEqual([]);
      expect(report.checkpoints.map((c) => c.status)).toEqual(['verified', 'verified', 'verified']);

      const now = new Date().toISOString();
      expect(await everyReport(h, now)).toEqual(await everyReport(source, now));

      // The restored store goes on: new events extend the restored tree, signed by its own key.
      await h.send(commands.ChangeRatingCommand, { planId: PLAN, reference: '2.1', code: 'LG', commentary: 'After the restore' }, 'lead');
      const next = await h.get(AuditService).takeCheckpoint();
      expect(next).toMatchObject({ created: true, checkpoint: { treeSize: 215 } });
      expect((await h.get(AuditService).verify()).ok).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('refuses to restore into a store that already holds events, writing nothing', async () => {
    const before = await source.store.headPosition();
    await expect(source.get(LogTransfer).restore(exported)).rejects.toBeInstanceOf(RuleBroken);
    expect(await source.store.headPosition()).toBe(before);
  });

  it('refuses an export that does not verify, or only one plan of a log, and leaves the store empty', async () => {
    const empty = await commandHarness('restore-refused');
    try {
      const lines = readFileSync(exported, 'utf8').trim().split('\n');
      const altered = lines.map((line, i) => (i === 10 ? line.replace('"board.clerk"', '"someone.else"') : line));
      const alteredFile = join(empty.database.dir, 'altered.jsonl');
      writeFileSync(alteredFile, `${altered.join('\n')}\n`);
      await expect(empty.get(LogTransfer).restore(alteredFile)).rejects.toThrow(TamperEvidence);
      await expect(empty.get(LogTransfer).restore(alteredFile)).rejects.toThrow(/ALTERED #10 .*nothing was restored|does not verify, so nothing was restored/);

      const planFile = join(empty.database.dir, 'plan.jsonl');
      await source.get(LogTransfer).exportLog(planFile, PLAN);
      await expect(empty.get(LogTransfer).restore(planFile)).rejects.toThrow(/a one-plan export is part of a log and cannot be restored/);
      expect(await empty.store.headPosition()).toBe(0);
      expect(await empty.get(AuditService).listCheckpoints()).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
