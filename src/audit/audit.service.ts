import { Inject, Injectable } from '@nestjs/common';
import { EVIDENCE_FILES, EvidenceFiles } from '../evidence/evidence-files';
import { NotFound, RuleBroken } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { EventEnvelope } from '../event-store/envelope';
import { isUnreadable, UnreadableEvent } from '../event-store/unreadable-event';
import { checkpointSignatureValid, publicCheckpoint } from './checkpoint';
import { CHECKPOINT_STORE, CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';
import { hashProblem } from './chunk-scan';
import { readLeaves } from './log-leaves';
import { readLog } from './log-reader';
import { KnownHead, VerificationReport, verifyLog, VerifyProgress } from './log-verifier';
import { leafHash, MerkleFrontier, MerkleTree } from './merkle';
import { ConsistencyProof, InclusionProof, PROOF_FORMAT, PublicKeyInfo } from './proofs';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { TamperEvidence } from './tamper-evidence.error';
import { VerificationRunning } from './verification-running.error';
import { VERIFY_SOURCE_FACTORY, VerifySourceFactory } from './verify-source.factory';

export interface CheckpointOutcome {
  /** The newest checkpoint after the call: the new one, or the existing one when the log had not grown. */
  checkpoint?: StoredCheckpoint;
  /** False when there was nothing new to sign (or an empty log). */
  created: boolean;
}

/**
 * Tamper evidence for the log: signed Merkle checkpoints, inclusion and
 * consistency proofs, and verification. One service for the CLI, the scheduler,
 * the import handler and (later) the API and the audit page.
 */
@Injectable()
export class AuditService {
  private verifying = false;

  /** Checkpoints are taken one at a time in this process: the scheduler, an import and a CLI call may coincide. */
  private checkpointing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
    @Inject(VERIFY_SOURCE_FACTORY) private readonly verifySource: VerifySourceFactory,
    /** The evidence files verify re-hashes; wired by AuditModule, left out only by tests that build the service by hand. */
    @Inject(EVIDENCE_FILES) private readonly evidenceFiles?: EvidenceFiles,
  ) {}

  get publicKey(): PublicKeyInfo {
    return { keyId: this.key.keyId, algorithm: 'Ed25519', pem: this.key.publicKeyPem };
  }

  /** The public keys of every signer whose checkpoints this store holds. */
  publicKeys(): PublicKeyInfo[] {
    return [...this.key.trustedKeys().entries()].map(([keyId, key]) => ({ keyId, algorithm: 'Ed25519' as const, pem: key.export({ type: 'spki', format: 'pem' }).toString() }));
  }

  listCheckpoints(): Promise<StoredCheckpoint[]> {
    return this.checkpoints.list();
  }

  /**
   * Sign the log as it stands, if it grew since the last checkpoint. The new tree
   * extends the last signed one (its saved frontier, checked against its signed
   * root) by the events appended since, each re-hashed first: a checkpoint never
   * signs an event whose contents do not match its hash, and never re-signs a
   * history that has changed underneath an older checkpoint.
   */
  takeCheckpoint(): Promise<CheckpointOutcome> {
    const run = this.checkpointing.then(() => this.checkpointNow());
    this.checkpointing = run.catch(() => undefined);
    return run;
  }

  private async checkpointNow(): Promise<CheckpointOutcome> {
    const latest = await this.checkpoints.latest();
    const resume = await this.resumeFrom(latest);
    const frontier = resume.frontier;
    let last = { position: resume.after, hash: latest?.resume.lastHash ?? '' };
    let beforeLast = latest?.resume.beforeLastPosition ?? 0;
    for await (const page of readLog(this.store, { after: resume.after })) {
      for (const entry of page) {
        const problem = isUnreadable(entry) ? entry.problem : hashProblem(entry);
        if (problem) throw new TamperEvidence(`Refusing to sign a checkpoint over event ${entry.eventId} (${entry.streamId} v${entry.streamVersion}): ${problem}. Run verify for the full report.`);
        frontier.push(leafHash(entry.hash));
        beforeLast = last.position;
        last = { position: entry.globalPosition, hash: entry.hash };
        if (resume.mustMatch && frontier.size === resume.mustMatch.treeSize && frontier.root().toString('hex') !== resume.mustMatch.rootHash) {
          throw new TamperEvidence(`The log no longer matches the checkpoint of ${resume.mustMatch.treeSize} events taken at ${resume.mustMatch.takenAt}; refusing to sign over it. Run verify for the full report.`);
        }
      }
    }
    if (frontier.size === 0) return { created: false };
    if (latest && frontier.size < latest.treeSize) {
      throw new TamperEvidence(`The log holds ${frontier.size} events, fewer than the ${latest.treeSize} the checkpoint taken at ${latest.takenAt} covers. Run verify for the full report.`);
    }
    if (latest && frontier.size === latest.treeSize) return { checkpoint: latest, created: false };
    const signed = this.key.sign({ treeSize: frontier.size, rootHash: frontier.root().toString('hex'), takenAt: new Date().toISOString() });
    const stored: StoredCheckpoint = { ...signed, resume: { frontier: frontier.toJSON().nodes, lastPosition: last.position, lastHash: last.hash, beforeLastPosition: beforeLast } };
    const created = await this.checkpoints.add(stored);
    return { checkpoint: created ? stored : await this.checkpoints.latest(), created };
  }

  /**
   * Where to carry on from: the last checkpoint's frontier, if it folds to the signed
   * root and its last event is still where it was; else the start of the log,
   * checking on the way that the log still has that checkpoint's root.
   */
  private async resumeFrom(latest: StoredCheckpoint | undefined): Promise<{ frontier: MerkleFrontier; after: number; mustMatch?: StoredCheckpoint }> {
    if (!latest) return { frontier: MerkleFrontier.empty(), after: 0 };
    const key = this.key.trustedKeys().get(latest.keyId);
    if (key && checkpointSignatureValid(latest, key)) {
      try {
        const frontier = MerkleFrontier.restore(latest.treeSize, latest.resume.frontier);
        const [lastEvent] = await this.store.readAll({ after: latest.resume.beforeLastPosition, limit: 1 });
        const inPlace = lastEvent?.globalPosition === latest.resume.lastPosition && lastEvent.hash === latest.resume.lastHash;
        if (inPlace && frontier.root().toString('hex') === latest.rootHash) return { frontier, after: latest.resume.lastPosition };
      } catch {
        // A resume point that does not fit, or an unreadable event there: read the log from the start below.
      }
    }
    return { frontier: MerkleFrontier.empty(), after: 0, mustMatch: latest };
  }

  /** An inclusion proof for one event against a checkpoint (the newest one unless a tree size is given). */
  async proveInclusion(eventId: string, treeSize?: number): Promise<InclusionProof> {
    const checkpoint = await this.checkpointOfSize(treeSize);
    let found: { entry: EventEnvelope | UnreadableEvent; index: number } | undefined;
    const leaves = await readLeaves(this.store, checkpoint.treeSize, (entry, index) => {
      if (entry.eventId === eventId && !found) found = { entry, index };
    });
    if (!found) {
      throw new NotFound(
        `Event ${eventId} is not among the ${checkpoint.treeSize} events the checkpoint taken at ${checkpoint.takenAt} covers. ` +
          `If it was recorded since, take a checkpoint first (plan-audit checkpoint); list events with plan-audit events.`,
      );
    }
    if (isUnreadable(found.entry)) throw new TamperEvidence(`Event ${eventId} cannot be read: ${found.entry.problem}. Run verify for the full report.`);
    const tree = this.treeMatching(leaves, checkpoint);
    return {
      type: 'inclusion-proof',
      format: PROOF_FORMAT,
      event: found.entry,
      leafIndex: found.index,
      treeSize: checkpoint.treeSize,
      auditPath: tree.inclusionProof(found.index, checkpoint.treeSize).map((h) => h.toString('hex')),
      checkpoint: publicCheckpoint(checkpoint),
      publicKey: this.publicKeyOf(checkpoint.keyId),
    };
  }

  /** A consistency proof between two checkpoints, named by their tree sizes. */
  async proveConsistency(fromSize: number, toSize: number): Promise<ConsistencyProof> {
    if (fromSize > toSize) throw new RuleBroken('consistency-order', `--from (${fromSize}) must not be larger than --to (${toSize}): a log only grows.`);
    const from = await this.checkpointOfSize(fromSize);
    const to = await this.checkpointOfSize(toSize);
    const tree = this.treeMatching(await readLeaves(this.store, to.treeSize), to);
    if (tree.root(from.treeSize).toString('hex') !== from.rootHash) {
      throw new TamperEvidence(`The log no longer matches the checkpoint of ${from.treeSize} events taken at ${from.takenAt}. Run verify for the full report.`);
    }
    return {
      type: 'consistency-proof',
      format: PROOF_FORMAT,
      from: publicCheckpoint(from),
      to: publicCheckpoint(to),
      proof: tree.consistencyProof(from.treeSize, to.treeSize).map((h) => h.toString('hex')),
      publicKey: this.publicKeyOf(to.keyId),
    };
  }

  /** Re-hash every event, check every chain, rebuild every checkpoint's root and check every signature. */
  /** One at a time in this process: each re-reads and re-hashes the whole log, so callers asking again and again cannot pile them up. */
  /** With a knownHead (kept outside the data folder), a log put back to an earlier state or forked from it is reported too. */
  async verify(options: VerifyProgress | { onProgress?: VerifyProgress; knownHead?: KnownHead } = {}): Promise<VerificationReport> {
    if (this.verifying) throw new VerificationRunning();
    this.verifying = true;
    const { onProgress, knownHead } = typeof options === 'function' ? { onProgress: options, knownHead: undefined } : options;
    try {
      const checkpoints = (await this.checkpoints.list()).map(publicCheckpoint);
      return await verifyLog(this.verifySource(this.store), checkpoints, this.key.trustedKeys(), onProgress, { knownHead, evidence: this.evidenceFiles });
    } finally {
      this.verifying = false;
    }
  }

  private async checkpointOfSize(treeSize?: number): Promise<StoredCheckpoint> {
    const all = await this.checkpoints.list();
    const checkpoint = treeSize === undefined ? all[all.length - 1] : all.find((c) => c.treeSize === treeSize);
    if (checkpoint) return checkpoint;
    if (all.length === 0) throw new NotFound('There is no checkpoint yet: take one with plan-audit checkpoint.');
    throw new NotFound(`There is no checkpoint of ${treeSize} events; the checkpoints cover ${all.map((c) => c.treeSize).join(', ')} events (plan-audit checkpoints lists them).`);
  }

  private treeMatching(leaves: Buffer, checkpoint: StoredCheckpoint): MerkleTree {
    const tree = new MerkleTree(leaves);
    if (tree.root(checkpoint.treeSize).toString('hex') !== checkpoint.rootHash) {
      throw new TamperEvidence(`The log no longer matches the checkpoint of ${checkpoint.treeSize} events taken at ${checkpoint.takenAt}: no proof can be given. Run verify for the full report.`);
    }
    return tree;
  }

  private publicKeyOf(keyId: string): PublicKeyInfo {
    return this.publicKeys().find((k) => k.keyId === keyId) ?? this.publicKey;
  }
}
