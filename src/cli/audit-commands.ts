import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { AuditService, WitnessedHead } from '../audit/audit.service';
import { formatFinding } from '../audit/findings';
import { LogTransfer } from '../audit/log-transfer.service';
import { VerificationReport } from '../audit/log-verifier';
import { TamperEvidence } from '../audit/tamper-evidence.error';
import { trustFromFlags, witnessesFrom, witnessesFromTrustFile } from '../audit/verifier-trust';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from '../audit/signing-key';
import { InvalidInput } from '../domain/errors';
import { requireRole } from '../domain/permissions';
import { asWhom, IDENTIFY_YOURSELF } from './identify-yourself';
import { localCaller } from './local-caller';
import { progressBar } from './read-commands';

type App = () => Promise<INestApplicationContext>;

const collect = (value: string, previous: string[]) => [...previous, value];

/** Tamper evidence from the command line: checkpoints, proofs, verify, export and restore. */
export function addAuditCommands(program: Command, app: App): void {
  const audit = async () => (await app()).get(AuditService);

  program
    .command('checkpoint')
    .description('sign a Merkle checkpoint of the log now (only if it grew since the last one)')
    .option('--json', 'print the checkpoint as JSON')
    .action(async (o: { json?: boolean }) => {
      const { checkpoint, created } = await (await audit()).takeCheckpoint();
      if (o.json) return print(JSON.stringify({ created, checkpoint: checkpoint && publicFields(checkpoint) }));
      if (!checkpoint) return print('The log is empty: there is nothing to sign yet.');
      print(
        created
          ? `Signed checkpoint of ${checkpoint.treeSize} events: root ${checkpoint.rootHash}, taken at ${checkpoint.takenAt}, key ${checkpoint.keyId}.`
          : `The log has not grown since the checkpoint of ${checkpoint.treeSize} events taken at ${checkpoint.takenAt}: nothing new to sign.`,
      );
    });

  program
    .command('checkpoints')
    .description('list the signed checkpoints, oldest first')
    .option('--json', 'print them as JSON lines')
    .action(async (o: { json?: boolean }) => {
      const all = await (await audit()).listCheckpoints();
      if (all.length === 0 && !o.json) return print('No checkpoint yet: take one with plan-audit checkpoint.');
      for (const c of all) print(o.json ? JSON.stringify(publicFields(c)) : `${c.treeSize} events  root ${c.rootHash}  taken at ${c.takenAt}  key ${c.keyId.slice(0, 16)}…`);
    });

  program
    .command('public-key')
    .description('print the public key that verifies checkpoints (PEM), and its key id')
    .option('--out <file>', 'also write the PEM to this file, for an auditor')
    .action(async (o: { out?: string }) => {
      const key = (await audit()).publicKey;
      if (o.out) writeFileSync(o.out, key.pem);
      process.stdout.write(`${key.pem}`);
      const vkey = (await app()).get<CheckpointSigningKey>(CHECKPOINT_SIGNING_KEY).vkey;
      process.stderr.write(`Key id (SHA-256 of the DER public key): ${key.keyId}${vkey ? `\nLog verifier key (for a witness's --log): ${vkey}` : ''}${o.out ? `\nWrote ${o.out}` : ''}\n`);
    });

  program
    .command('prove-inclusion')
    .description('print a JSON proof that an event is in the log a signed checkpoint covers')
    .requiredOption('--event <eventId>', 'the event id (plan-audit events --json shows them)')
    .option('--checkpoint <treeSize>', 'the checkpoint, by its tree size (default: the newest)')
    .option('--out <file>', 'write the proof to a file')
    .action(async (o: { event: string; checkpoint?: string; out?: string }) => {
      const proof = await (await audit()).proveInclusion(o.event, o.checkpoint === undefined ? undefined : treeSize('--checkpoint', o.checkpoint));
      output(JSON.stringify(proof, null, 2), o.out);
    });

  program
    .command('prove-consistency')
    .description('print a JSON proof that the log at one checkpoint extends the log at an earlier one unchanged')
    .requiredOption('--from <treeSize>', 'the earlier checkpoint, by tree size')
    .requiredOption('--to <treeSize>', 'the later checkpoint, by tree size')
    .option('--out <file>', 'write the proof to a file')
    .action(async (o: { from: string; to: string; out?: string }) => {
      const proof = await (await audit()).proveConsistency(treeSize('--from', o.from), treeSize('--to', o.to));
      output(JSON.stringify(proof, null, 2), o.out);
    });

  program
    .command('verify')
    .description("re-hash every event, check every stream's chain, rebuild the Merkle root at every checkpoint and check its signature")
    .option('--json', 'print the full report as JSON')
    .option('--log-key <file>', "trust checkpoints signed by this public key (PEM), the log's key as you were given it; repeat for several. Default: the key in the signer folder, never one found in the data folder", collect, [])
    .option('--trust <file>', 'a JSON file you keep naming the keys to trust: {"logKeys": ["-----BEGIN PUBLIC KEY-----…"], "witnesses": ["name+id+key", …], "quorum": 2}')
    .option('--witness-key <vkey>', "count cosignatures by this witness (its key as plan-audit-witness key printed it); repeat for several", collect, [])
    .option('--quorum <n>', 'how many of the witnesses named must have cosigned the last signed head (default: all of them)')
    .action(async (o: { json?: boolean; logKey: string[]; trust?: string; witnessKey: string[]; quorum?: string }) => {
      const logTrust = trustFromFlags(o.logKey, o.trust);
      const witnessTrust = o.witnessKey.length > 0 ? witnessesFrom(o.witnessKey, o.quorum, '--witness-key') : witnessesFromTrustFile(o.trust);
      if (o.quorum !== undefined && !witnessTrust) throw new InvalidInput('--quorum', 'name the witnesses to count with --witness-key (or "witnesses" in a --trust file)');
      const service = await audit();
      const trust = witnessTrust ? { ...(logTrust ?? service.defaultTrust()), ...witnessTrust } : logTrust;
      const bar = progressBar('Verifying');
      const report = await service.verify(bar.update, trust);
      bar.stop();
      if (o.json) print(JSON.stringify(report, null, 2));
      else printReport(report);
      if (!report.ok) throw new TamperEvidence(`${report.findings.length} problem(s) found in ${report.eventCount} events.`);
    });

  program
    .command('export')
    .description('write the whole log, or one plan, with its checkpoints and public key, as JSON Lines an auditor can check with tools/verify-export.js')
    .requiredOption('--out <file>', 'the .jsonl file to write')
    .option('--plan <planId>', "only this plan's events, each with an inclusion proof")
    .action(async (o: { out: string; plan?: string }) => {
      const summary = await (await app()).get(LogTransfer).exportLog(o.out, o.plan);
      print(
        `Exported ${summary.events} events${o.plan ? ` of plan ${o.plan}` : ''} and ${summary.checkpoints} checkpoints to ${summary.file}` +
          (summary.treeSize > 0 ? `; the newest checkpoint covers the first ${summary.treeSize} events of the log.` : '.'),
      );
      for (const warning of summary.warnings) process.stderr.write(`Warning: ${warning}\n`);
    });

  program
    .command('restore')
    .description('load a whole-log export into an empty store: same events, hashes and checkpoints')
    .requiredOption('--file <file>', 'the .jsonl export')
    .addHelpText(
      'after',
      `${IDENTIFY_YOURSELF}\n  Restoring needs the admin role. The restored events keep the actors they were recorded with.` +
        '\n  On EventStoreDB a restore is checked whole before the first write but written append by append (it has no transaction across them):' +
        '\n  if the server fails part-way, the events already written stay and the error says how many; restore again into a fresh EventStoreDB database.',
    )
    .action(async (o: { file: string }) => {
      // Restore writes a whole log: only an administrator, proven like any writer, may fill an empty store.
      const actor = await localCaller(app, 'restore');
      requireRole(actor, ['admin'], 'restore a log');
      const summary = await (await app()).get(LogTransfer).restore(o.file);
      print(`Restored ${summary.events} events and ${summary.checkpoints} checkpoints from ${o.file}; they verify. Restored ${asWhom(actor)}.`);
      for (const keyId of summary.trustedKeyIds) print(`Checkpoints signed by key ${keyId} are now trusted: compare it with the key id the exporting council published.`);
    });
}

function printReport(report: VerificationReport & { trustedKeys?: { keyId: string; source: string }[]; witnesses?: WitnessedHead }): void {
  const intact = report.findings.length === 0;
  if (intact) print(`Verified ${report.eventCount} events in ${report.streamCount} streams: every hash and chain link is intact.`);
  else for (const finding of report.findings) print(formatFinding(finding));
  const verified = report.checkpoints.filter((c) => c.status === 'verified');
  if (report.checkpoints.length === 0) {
    print('No checkpoint yet: the order and completeness of the log are not under a signature (plan-audit checkpoint signs one).');
  } else {
    const newest = verified[verified.length - 1];
    print(
      `Checkpoints: ${verified.length} of ${report.checkpoints.length} verified` +
        (newest ? `; the newest covers the first ${newest.checkpoint.treeSize} events (taken at ${newest.checkpoint.takenAt})` : '') +
        (report.uncoveredEvents > 0 ? `; ${report.uncoveredEvents} newer event(s) are not under a signature yet` : '') +
        '.',
    );
  }
  if (report.evidence) {
    const bad = report.findings.filter((f) => f.kind === 'evidence-altered' || f.kind === 'evidence-missing').length;
    print(
      `Evidence files: ${report.evidence.files} re-hashed for ${report.evidence.kept} item(s)${bad === 0 ? ', every one matches its recorded SHA-256' : `, ${bad} item(s) altered or missing`}` +
        (report.evidence.erased > 0 ? `; ${report.evidence.erased} erased lawfully (expected to be gone)` : '') +
        (report.evidence.neverUploaded > 0 ? `; ${report.evidence.neverUploaded} submitted with a hash only, whose file was never uploaded here` : '') +
        '.',
    );
  }
  if (report.knownHead) print(`Known head (${report.knownHead.from}): ${report.knownHead.treeSize} events, root ${report.knownHead.rootHash}: ${report.knownHead.status}.`);
  for (const key of report.trustedKeys ?? []) print(`Trusted key ${key.keyId} (from ${key.source}).`);
  if (report.witnesses) {
    const w = report.witnesses;
    const by = w.cosignedBy.map((c) => `${c.witness} (${new Date(c.timestamp * 1000).toISOString()})`).join(', ') || 'none';
    print(`Witnesses: the head of ${w.treeSize} events is cosigned by ${w.cosignedBy.length} of the ${w.quorum} required: ${by}${w.met ? '' : ' — QUORUM NOT MET'}.`);
  }
  process.stderr.write(`Checked ${report.eventCount} events in ${report.seconds.toFixed(2)} s (${report.eventsPerSecond} events/s).\n`);
}

function publicFields(c: { treeSize: number; rootHash: string; takenAt: string; keyId: string; signature: string }) {
  return { treeSize: c.treeSize, rootHash: c.rootHash, takenAt: c.takenAt, keyId: c.keyId, signature: c.signature };
}

function treeSize(field: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidInput(field, `"${text}" is not a tree size; use the number of events a checkpoint covers (plan-audit checkpoints lists them)`);
  return value;
}

function output(text: string, file?: string): void {
  if (file) {
    writeFileSync(file, `${text}\n`);
    process.stderr.write(`Wrote ${file}\n`);
  } else print(text);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
