import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../../../src/audit/audit.service';
import { LogTransfer } from '../../../src/audit/log-transfer.service';
import { CheckpointSigningKey } from '../../../src/audit/signing-key';
import { SqliteCheckpointStore } from '../../../src/audit/sqlite-checkpoint-store';
import { storeSource } from '../../../src/audit/verify-sources';
import * as commands from '../../../src/commands';
import { sunderlandExample } from '../../../src/import/example-plan';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { commandHarness } from '../../support/command-harness';

/**
 * A real, signed log to tamper with: the Sunderland 2017 import (211 events,
 * signed after the import), then ten everyday changes with a checkpoint after
 * #214, #218 and #221. The file and its keys stay in `dir`; every test works on a copy.
 */
export const CHECKPOINT_SIZES = [211, 214, 218, 221];

export async function buildAuditedLog(dir: string): Promise<void> {
  const h = await commandHarness('audited-log', dir);
  const plan = 'sunderland-2017';
  await h.bus.execute(new commands.ImportPlanCommand(sunderlandExample(), { actor: { id: 'board.clerk', role: 'board' }, source: 'import' }));
  const audit = h.get(AuditService);
  const rate = (reference: string, code: string) => h.send(commands.ChangeRatingCommand, { planId: plan, reference, code, commentary: `Moved to ${code} at the board` }, 'lead');
  await rate('3.2', 'DG'); // #212 action 3.2 v3
  await rate('2.1', 'LG'); // #213 action 2.1 v2
  await h.send(commands.SubmitEvidenceCommand, { planId: plan, reference: '3.2', evidenceId: 'ev-mash-audit', title: 'MASH audit, March 2017' }, 'lead'); // #214 3.2 v4
  await audit.takeCheckpoint(); // 214
  await rate('3.10', 'LG'); // #215 action 3.10 v2
  await rate('2.1', 'DG'); // #216 action 2.1 v3
  await h.send(commands.AcceptEvidenceCommand, { planId: plan, reference: '3.2', evidenceId: 'ev-mash-audit' }, 'board'); // #217 3.2 v5 (this plan's sign-off role is the board)
  await rate('3.10', 'DG'); // #218 action 3.10 v3
  await audit.takeCheckpoint(); // 218
  await rate('1.1', 'LG'); // #219 action 1.1 v3
  await rate('1.4', 'LG'); // #220 action 1.4 v3
  await rate('3.15', 'DG'); // #221 action 3.15 v3
  await audit.takeCheckpoint(); // 221
  const sizes = (await audit.listCheckpoints()).map((c) => c.treeSize);
  await h.close();
  if (sizes.join() !== CHECKPOINT_SIZES.join()) throw new Error(`the audited log has checkpoints at ${sizes.join(', ')}, not ${CHECKPOINT_SIZES.join(', ')}`);
}

/** A fresh copy of the log file, and of its signer folder (key and last signed head), in folders of their own. */
export function copyOf(fixtureDir: string, label: string): { dir: string; file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `plan-audit-${label}-`));
  cpSync(join(fixtureDir, 'events.sqlite'), join(dir, 'events.sqlite'));
  // A log still open elsewhere keeps its newest pages in the write-ahead log: take them along.
  if (existsSync(join(fixtureDir, 'events.sqlite-wal'))) cpSync(join(fixtureDir, 'events.sqlite-wal'), join(dir, 'events.sqlite-wal'));
  // The key and the last signed head live in the signer folder beside the data folder: copied as a pair.
  cpSync(`${fixtureDir}-signer`, `${dir}-signer`, { recursive: true });
  return {
    dir,
    file: join(dir, 'events.sqlite'),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-signer`, { recursive: true, force: true });
    },
  };
}

/** The audit service over a log folder, wired by hand (no Nest): what verify sees when the CLI opens that folder. */
export function openAudit(dir: string, options: { readonly?: boolean } = {}) {
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), readonly: options.readonly });
  const checkpoints = new SqliteCheckpointStore(store.connection);
  const key = CheckpointSigningKey.loadOrCreate(`${dir}-signer`);
  const audit = new AuditService(store, checkpoints, key, storeSource);
  const transfer = new LogTransfer(store, checkpoints, key, audit);
  return { store, audit, transfer, close: () => store.close() };
}
