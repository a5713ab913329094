import { Inject, Injectable, Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditService } from './audit.service';
import { checkpointNote } from './checkpoint';
import { StoredCheckpoint } from './checkpoint-store.port';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { readFileIfThere, writeFileAtomically } from './signer-folder';
import { addCheckpoint, AddCheckpointResult, parseWitnessList, WitnessSpec } from './transparency/witness-client';

export const WITNESS_CONFIG = Symbol('WitnessConfig');

export interface WitnessConfig {
  witnesses: WitnessSpec[];
  /** How many must have cosigned the last head; an alarm below it. */
  quorum: number;
}

/**
 * WITNESSES: `<vkey>@<url>` separated by commas or white space, or the path of a file holding them
 * (one a line); WITNESS_QUORUM: how many must cosign (default: all of them).
 */
export function witnessConfig(env: NodeJS.ProcessEnv = process.env): WitnessConfig {
  const raw = (env.WITNESSES ?? '').trim();
  const list = raw !== '' && !raw.includes('@') && existsSync(raw) ? readFileSync(raw, 'utf8').replace(/#.*$/gm, '') : raw;
  const witnesses = parseWitnessList(list);
  const quorumText = (env.WITNESS_QUORUM ?? '').trim();
  const quorum = quorumText === '' ? witnesses.length : Number(quorumText);
  if (!Number.isInteger(quorum) || quorum < 0 || quorum > witnesses.length) {
    throw new Error(`WITNESS_QUORUM must be a whole number from 0 to the ${witnesses.length} witness(es) in WITNESSES, not "${env.WITNESS_QUORUM}"`);
  }
  if (witnesses.length > 0 && !env.LOG_ORIGIN) throw new Error('WITNESSES needs LOG_ORIGIN: the name witnesses know this log by (e.g. audit.sunderland.gov.uk/improvement-plans); give them its key with plan-audit public-key');
  return { witnesses, quorum };
}

/** What the server knows of one witness: kept in the signer folder, so a restart resumes from what each last cosigned. */
export interface WitnessState {
  name: string;
  url: string;
  /** The tree size this witness last cosigned for this log. */
  cosignedSize: number;
  lastAnswer?: { at: string; kind: AddCheckpointResult['kind']; treeSize: number; detail?: string };
  /** Present while the witness refuses this log's history (a fork, a bad proof, a refusal): an alarm. */
  alarm?: string;
}

export interface WitnessStatus {
  configured: number;
  quorum: number;
  /** Witnesses whose cosignature is on the last signed head. */
  cosignedHead: number;
  headSize?: number;
  witnesses: WitnessState[];
  /** The reasons for alarm, in words: a witness refusing, or the quorum not met. */
  alarms: string[];
}

const STATE_FILE = 'witnesses.json';
const TIMEOUT_MS = 5000;

/**
 * Sends each new signed head to every configured witness (c2sp.org/tlog-witness), with a
 * consistency proof from the size that witness last cosigned; on a 409 it learns the witness's size
 * and tries once more from there. Cosignatures are kept with the head in the signer folder. A
 * witness that refuses (a fork it will not cosign, a bad proof, 403/404) is an alarm, and so is a
 * last head cosigned by fewer than WITNESS_QUORUM witnesses: health not ready, the metric, an
 * error in the log, the audit page. A witness that is down is retried with the next head; writes
 * never wait for witnesses.
 */
@Injectable()
export class WitnessSubmitter {
  private readonly logger = new Logger('Witnesses');
  private readonly stateFile: string;
  private states: Map<string, WitnessState>;
  private running?: Promise<void>;
  private again = false;
  private lastQuorumAlarm?: string;

  constructor(
    private readonly audit: AuditService,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
    @Inject(WITNESS_CONFIG) private readonly config: WitnessConfig,
  ) {
    this.stateFile = join(key.folder, STATE_FILE);
    this.states = this.saved();
  }

  /** What each witness last cosigned, as kept in the signer folder (by whichever server signed last). */
  private saved(): Map<string, WitnessState> {
    const saved = JSON.parse(readFileIfThere(this.stateFile) ?? '{}') as Record<string, WitnessState>;
    return new Map(this.config.witnesses.map((w) => [w.verifier.vkey, { name: w.verifier.keyName, url: w.url, cosignedSize: saved[w.verifier.vkey]?.cosignedSize ?? 0, ...(saved[w.verifier.vkey]?.alarm ? { alarm: saved[w.verifier.vkey].alarm } : {}) }]));
  }

  /** Read the witnesses' state again: this server has just become the signer, and another kept it until now. */
  reload(): void {
    if (this.enabled && !this.running) this.states = this.saved();
  }

  get enabled(): boolean {
    return this.config.witnesses.length > 0;
  }

  /** Submit the last signed head to every witness; calls while one round runs coalesce into one more round. */
  submitHead(): Promise<void> {
    // Among several servers on one log, only the signer submits (and keeps the witnesses' state).
    if (!this.enabled || !this.audit.isSigner()) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  status(): WitnessStatus {
    // A server standing by shows what the signer kept; it holds no alarm of its own.
    if (!this.audit.isSigner()) this.reload();
    const head = this.audit.lastSignedHead();
    const cosigned = this.config.witnesses.filter((w) => head && this.states.get(w.verifier.vkey)!.cosignedSize === head.treeSize).length;
    const witnesses = [...this.states.values()];
    const alarms = witnesses.filter((w) => w.alarm).map((w) => `Witness ${w.name} (${w.url}) refuses this log: ${w.alarm}`);
    if (this.lastQuorumAlarm) alarms.push(this.lastQuorumAlarm);
    return { configured: this.config.witnesses.length, quorum: this.config.quorum, cosignedHead: cosigned, headSize: head?.treeSize, witnesses, alarms };
  }

  private async round(): Promise<void> {
    const head = this.audit.lastSignedHead();
    if (!head || !head.origin) return;
    const note = checkpointNote({ ...head, cosignatures: [] }, this.key.publicKey);
    const results = await Promise.all(this.config.witnesses.map(async (w) => ({ witness: w, lines: await this.submitTo(w, head, note) })));
    // A signer that stepped down while the witnesses answered leaves the shared signer folder to the next one.
    if (!this.audit.isSigner()) return;
    const lines = results.flatMap((r) => r.lines);
    if (lines.length > 0) await this.audit.recordCosignatures(head, lines);
    // Counted as cosigned only once the cosignature is kept on the head, so health never says "cosigned"
    // while a bundle or export taken at that moment would still go out without it.
    for (const r of results) if (r.lines.length > 0) this.states.get(r.witness.verifier.vkey)!.cosignedSize = head.treeSize;
    const cosigned = this.config.witnesses.filter((w) => this.states.get(w.verifier.vkey)!.cosignedSize === head.treeSize).length;
    const previous = this.lastQuorumAlarm;
    this.lastQuorumAlarm =
      cosigned < this.config.quorum ? `The head of ${head.treeSize} events is cosigned by ${cosigned} of the ${this.config.quorum} witnesses required (WITNESS_QUORUM): its history is not held by enough parties who do not run this server` : undefined;
    if (this.lastQuorumAlarm && this.lastQuorumAlarm !== previous) this.logger.error(this.lastQuorumAlarm);
    this.save();
  }

  /** One witness: submit from its last cosigned size; on 409, once more from the size it names. Returns the cosignature lines. */
  private async submitTo(witness: WitnessSpec, head: StoredCheckpoint, note: string): Promise<string[]> {
    const state = this.states.get(witness.verifier.vkey)!;
    if (state.cosignedSize === head.treeSize && !state.alarm) return [];
    let oldSize = state.cosignedSize > head.treeSize ? 0 : state.cosignedSize;
    for (let attempt = 0; attempt < 2; attempt++) {
      let result: AddCheckpointResult;
      try {
        result = await addCheckpoint(witness, { oldSize, proof: await this.audit.consistencyProofForHead(head, oldSize), checkpointNote: note }, { timeoutMs: TIMEOUT_MS });
      } catch (error) {
        result = { kind: 'unreachable', error: (error as Error).message };
      }
      state.lastAnswer = { at: new Date().toISOString(), kind: result.kind, treeSize: head.treeSize, ...('message' in result ? { detail: result.message } : 'error' in result ? { detail: result.error } : {}) };
      switch (result.kind) {
        case 'cosigned':
          if (state.alarm) this.logger.log(`Witness ${state.name} cosigns this log again at ${head.treeSize} events`);
          delete state.alarm;
          return result.lines;
        case 'conflict':
          if (result.witnessSize > head.treeSize) {
            return this.raise(state, `it has cosigned ${result.witnessSize} events of this log, more than the ${head.treeSize} signed here: the log was rolled back, or another server signs under this log's key (409)`);
          }
          oldSize = result.witnessSize;
          continue;
        case 'bad-proof':
          return this.raise(state, `it refused the proof that the head of ${head.treeSize} events extends the ${oldSize} it cosigned: ${result.message} — a fork of this log (422)`);
        case 'refused':
          return this.raise(state, `it refused the head of ${head.treeSize} events with ${result.status}: ${result.message}`);
        case 'unreachable':
          if (state.lastAnswer) this.logger.warn(`Witness ${state.name} (${witness.url}) could not be reached (${result.error}); the next head is sent to it again`);
          return [];
      }
    }
    return this.raise(state, `after learning its size, it still answers 409: the log and the witness do not agree where this log's history stands (a fork)`);
  }

  private raise(state: WitnessState, alarm: string): string[] {
    if (state.alarm !== alarm) this.logger.error(`Witness ${state.name} (${state.url}) refuses this log: ${alarm}`);
    state.alarm = alarm;
    return [];
  }

  private save(): void {
    const byKey: Record<string, WitnessState> = {};
    for (const w of this.config.witnesses) byKey[w.verifier.vkey] = this.states.get(w.verifier.vkey)!;
    writeFileAtomically(this.stateFile, `${JSON.stringify(byKey, null, 1)}\n`);
  }
}
