import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidInput, RuleBroken } from '../domain/errors';
import { requirePlanId } from '../domain/identifiers';
import { EventEnvelope } from '../event-store/envelope';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { canImportSealed } from '../event-store/sealed-import';
import { isUnreadable } from '../event-store/unreadable-event';
import { AuditService } from './audit.service';
import { Checkpoint, publicCheckpoint } from './checkpoint';
import { CHECKPOINT_STORE, CheckpointStore } from './checkpoint-store.port';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, ExportedEvent, ExportHeader, ExportLine, HOW_TO_CHECK } from './export-format';
import { formatFinding } from './findings';
import { LogEntry, readLog } from './log-reader';
import { VerificationReport, verifyLog } from './log-verifier';
import { HASH_BYTES, leafHash, MerkleFrontier, MerkleTree } from './merkle';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { TamperEvidence } from './tamper-evidence.error';
import { entriesSource } from './verify-sources';

export interface ExportSummary {
  file: string;
  scope: 'full' | 'plan';
  events: number;
  checkpoints: number;
  /** The newest checkpoint's tree size: every exported event up to it is covered by a signature. */
  treeSize: number;
  warnings: string[];
}

/** Where export lines go; a returned promise is awaited, so a slow reader slows the export down rather than filling memory. */
export type ExportSink = (text: string) => void | Promise<void>;

export interface RestoreSummary {
  events: number;
  checkpoints: number;
  /** Keys of the exporting server, now trusted for the restored checkpoints: compare them with the ones the council published. */
  trustedKeyIds: string[];
  report: VerificationReport;
}

/** Writing the log out as JSON Lines, and reading such a file back into an empty store. */
@Injectable()
export class LogTransfer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
    private readonly audit: AuditService,
  ) {}

  /**
   * Export the whole log, or one plan's events (its plan stream and action streams).
   * A checkpoint is taken first when the log has grown, so every exported event is
   * under a signature. A one-plan export cannot rebuild the tree, so each of its
   * events carries an inclusion proof to the newest checkpoint, and every older
   * checkpoint a consistency proof to the newest.
   */
  async exportLog(file: string, planId?: string): Promise<ExportSummary> {
    const fd = openSync(file, 'w');
    try {
      return { file, ...(await this.exportTo((text) => void writeSync(fd, text), planId)) };
    } finally {
      closeSync(fd);
    }
  }

  /** The same export to any sink: a file for the CLI, a response body for a download. */
  async exportTo(sink: ExportSink, planId?: string): Promise<Omit<ExportSummary, 'file'>> {
    if (planId !== undefined) requirePlanId(planId);
    const warnings: string[] = [];
    try {
      await this.audit.takeCheckpoint();
    } catch (error) {
      if (!(error instanceof TamperEvidence)) throw error;
      warnings.push(`No checkpoint could be taken before the export: ${error.message}`);
    }
    const checkpoints = (await this.checkpoints.list()).map(publicCheckpoint);
    const newest = checkpoints[checkpoints.length - 1];
    const header: ExportHeader = {
      type: 'header',
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      scope: planId === undefined ? 'full' : 'plan',
      ...(planId !== undefined ? { planId } : {}),
      publicKeys: this.audit.publicKeys().filter((k) => k.keyId === this.key.keyId || checkpoints.some((c) => c.keyId === k.keyId)),
      howToCheck: HOW_TO_CHECK,
    };
    const write = async (lines: ExportLine[]) => {
      if (lines.length > 0) await sink(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    };
    await write([header]);
    const events = planId === undefined ? await this.writeWholeLog(write) : await this.writePlan(planId, newest, checkpoints, write, warnings);
    await write(checkpoints.map((checkpoint) => ({ type: 'checkpoint', checkpoint })));
    await write([{ type: 'end', events, checkpoints: checkpoints.length, warnings }]);
    return { scope: header.scope, events, checkpoints: checkpoints.length, treeSize: newest?.treeSize ?? 0, warnings };
  }

  private async writeWholeLog(write: (lines: ExportLine[]) => Promise<void>): Promise<number> {
    let index = 0;
    for await (const page of readLog(this.store)) await write(page.map((entry) => exportLine(entry, index++)));
    return index;
  }

  private async writePlan(planId: string, newest: Checkpoint | undefined, checkpoints: Checkpoint[], write: (lines: ExportLine[]) => Promise<void>, warnings: string[]): Promise<number> {
    const ofPlan = (e: LogEntry) =>
      e.streamId === `plan-${planId}` || e.streamId.startsWith(`action-${planId}/`) || (!isUnreadable(e) && (e.data as { planId?: unknown } | null)?.planId === planId);
    const selected: { entry: LogEntry; index: number }[] = [];
    const treeSize = newest?.treeSize ?? 0;
    const leaves = Buffer.alloc(treeSize * HASH_BYTES);
    let index = 0;
    for await (const page of readLog(this.store)) {
      for (const entry of page) {
        if (index < treeSize) leafHash(String(entry.hash)).copy(leaves, index * HASH_BYTES);
        if (ofPlan(entry)) selected.push({ entry, index });
        index += 1;
      }
    }
    let tree: MerkleTree | undefined;
    if (newest && index >= treeSize) {
      tree = new MerkleTree(leaves);
      if (tree.root().toString('hex') !== newest.rootHash) tree = undefined;
    }
    if (newest && !tree) warnings.push(`The log no longer matches the newest checkpoint (${treeSize} events, taken at ${newest.takenAt}): the events carry no inclusion proofs. Run verify.`);
    await write(
      selected.map(({ entry, index: at }) => {
        const line = exportLine(entry, at);
        if (tree && line.type === 'event' && at < treeSize) line.inclusion = { treeSize, auditPath: tree.inclusionProof(at, treeSize).map((h) => h.toString('hex')) };
        return line;
      }),
    );
    if (tree && newest) {
      for (const c of checkpoints) {
        if (c.treeSize >= treeSize || c.treeSize < 1) continue;
        if (tree.root(c.treeSize).toString('hex') !== c.rootHash) {
          warnings.push(`The log no longer matches the checkpoint of ${c.treeSize} events taken at ${c.takenAt}: no consistency proof for it.`);
          continue;
        }
        await write([{ type: 'consistency', from: c.treeSize, to: treeSize, proof: tree.consistencyProof(c.treeSize, treeSize).map((h) => h.toString('hex')) }]);
      }
    }
    return selected.length;
  }

  /**
   * Restore a whole-log export into an empty store: verified first (hashes, chains,
   * every checkpoint's root and signature, with the export's keys), then written
   * verbatim, so the restored log has the same hashes and Merkle roots, the same
   * checkpoints verify against it, and every report answers as before.
   */
  async restore(file: string): Promise<RestoreSummary> {
    if ((await this.store.headPosition()) !== 0 || (await this.checkpoints.list()).length > 0) {
      throw new RuleBroken('restore-into-empty-store', 'This store already holds events or checkpoints: restore an export only into an empty store (a fresh DATA_DIR or EVENTS_FILE).');
    }
    if (!canImportSealed(this.store)) throw new RuleBroken('restore-unsupported', `The ${this.store.kind} event store cannot take sealed events.`);
    const parsed = await readExport(file);
    if (parsed.header.scope !== 'full') {
      throw new InvalidInput('--file', `${file} holds only plan ${parsed.header.planId}: a one-plan export is part of a log and cannot be restored; export the whole log`);
    }
    const keys = new Map<string, KeyObject>();
    for (const k of parsed.header.publicKeys) {
      const key = createPublicKey(k.pem);
      keys.set(k.keyId, key);
    }
    const report = await verifyLog(entriesSource(parsed.events), parsed.checkpoints, keys);
    if (!report.ok) {
      throw new TamperEvidence(`${file} does not verify, so nothing was restored:\n${report.findings.map((f) => `  ${formatFinding(f)}`).join('\n')}`);
    }
    await this.store.importSealed(parsed.events);
    const trustedKeyIds = [...new Set(parsed.checkpoints.map((c) => c.keyId))].map((keyId) => this.key.trust(parsed.header.publicKeys.find((k) => k.keyId === keyId)!.pem));
    await this.restoreCheckpoints(parsed.checkpoints);
    return { events: parsed.events.length, checkpoints: parsed.checkpoints.length, trustedKeyIds, report };
  }

  /** The same signed checkpoints, with resume points worked out for this store's positions. */
  private async restoreCheckpoints(checkpoints: Checkpoint[]): Promise<void> {
    const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    const frontier = MerkleFrontier.empty();
    let beforeLastPosition = 0;
    let next = 0;
    for await (const page of readLog(this.store)) {
      for (const entry of page) {
        frontier.push(leafHash(entry.hash));
        while (next < sorted.length && sorted[next].treeSize === frontier.size) {
          const resume = { frontier: frontier.toJSON().nodes, lastPosition: entry.globalPosition, lastHash: entry.hash, beforeLastPosition };
          await this.checkpoints.add({ ...sorted[next++], resume });
        }
        beforeLastPosition = entry.globalPosition;
      }
    }
  }
}

function exportLine(entry: LogEntry, leafIndex: number): ExportLine {
  return isUnreadable(entry) ? { type: 'unreadable', leafIndex, event: entry } : ({ type: 'event', leafIndex, event: entry } satisfies ExportedEvent);
}

interface ParsedExport {
  header: ExportHeader;
  events: EventEnvelope[];
  checkpoints: Checkpoint[];
}

async function readExport(file: string): Promise<ParsedExport> {
  const bad = (message: string) => new InvalidInput('--file', message);
  let header: ExportHeader | undefined;
  const events: EventEnvelope[] = [];
  const checkpoints: Checkpoint[] = [];
  let end: { events: number; checkpoints: number } | undefined;
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      throw bad(`line ${lineNumber} of ${file} is not JSON`);
    }
    if (!header) {
      if (line.type !== 'header' || line.format !== EXPORT_FORMAT) throw bad(`${file} is not a plan-audit export (its first line is not the export header)`);
      if (line.formatVersion !== EXPORT_FORMAT_VERSION) throw bad(`${file} is export format version ${line.formatVersion}; this version reads ${EXPORT_FORMAT_VERSION}`);
      header = line;
      continue;
    }
    if (end) throw bad(`line ${lineNumber} of ${file} comes after the end line`);
    if (line.type === 'event') events.push({ ...line.event, globalPosition: events.length + 1 });
    else if (line.type === 'unreadable') throw new TamperEvidence(`event ${line.event.eventId} in ${file} (line ${lineNumber}) could not be read when it was exported: ${line.event.problem}`);
    else if (line.type === 'checkpoint') checkpoints.push(line.checkpoint);
    else if (line.type === 'end') end = line;
  }
  if (!header) throw bad(`${file} is empty`);
  if (!end) throw bad(`${file} has no end line: it was cut short`);
  if (end.events !== events.length || end.checkpoints !== checkpoints.length) {
    throw bad(`${file} says it holds ${end.events} events and ${end.checkpoints} checkpoints, but ${events.length} and ${checkpoints.length} were read`);
  }
  return { header, events, checkpoints };
}
