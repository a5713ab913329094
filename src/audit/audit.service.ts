import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVIDENCE_FILES, EvidenceFiles } from '../evidence/evidence-files';
import { KeyObject } from 'node:crypto';
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
import { HASH_BYTES, leafHash, MerkleFrontier, MerkleTree } from './merkle';
import { Finding } from './findings';
import { NoteVerifier } from './transparency/signed-note';
import { checkQuorum, QuorumCheck } from './transparency/witness-quorum';
import { ConsistencyProof, InclusionProof, PROOF_FORMAT, PublicKeyInfo } from './proofs';
import { SignedHeadFile } from './signed-head';
import { hashAt, SignedLeavesFile } from './signed-leaves';
import { SIGNER_LEADERSHIP, SignerLeadership } from './signer-leadership';
import { CHECKPOINT_SIGNING_KEY, CheckpointSigningKey } from './signing-key';
import { TamperEvidence } from './tamper-evidence.error';
import { VerificationRunning } from './verification-running.error';
import { VERIFY_SOURCE_FACTORY, VerifySourceFactory } from './verify-source.factory';

/** How long a server that is not the signer waits for the signer's checkpoint when asked for one. */
const WAIT_FOR_SIGNER_MS = 10_000;

/** Whether the server signs heads, and if not why: what /api/health, the metrics and the audit page show. */
export interface SigningStatus {
  /** `signing`: heads are signed as the log grows; `refusing`: the log no longer extends the last signed head. */
  state: 'signing' | 'refusing';
  reason?: string;
  /** When the refusal began. */
  since?: string;
  /** The last head signed (from the signer folder), if any. */
  head?: { treeSize: number; rootHash: string; takenAt: string };
  /** True once this process has re-read the log up to the last signed head and found its root (the server does on start). */
  headChecked: boolean;
  /** Whether this server is the one that signs (on PostgreSQL, the holder of the signer lock; on SQLite always). */
  leader: boolean;
  /** Since when it has been, if it is. */
  leaderSince?: string;
  /** Heads this process has signed since it started (a server standing by signs none). */
  headsSignedHere: number;
}

/** The keys a verification trusts, chosen by whoever runs it, and where each came from. */
/** The quorum check of the last signed head, in the verification report. */
export type WitnessedHead = QuorumCheck & { treeSize: number };

export interface VerifierTrust {
  logKeys: Map<string, KeyObject>;
  /** Witnesses whose cosignatures the verifier counts (their vkeys, as the verifier was given them), and how many must have cosigned. */
  witnesses?: NoteVerifier[];
  quorum?: number;
  /** Where the keys came from, in words, for the report: "signer folder", "--log-key auditor.pub". */
  source: string;
}

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

  /** The last signed head, outside the data folder (the signer folder). */
  private readonly head: SignedHeadFile;
  /** The hash of every signed event, beside the head: what lets verify name a rewritten event. */
  private readonly signedLeaves: SignedLeavesFile;
  /** Set once the log is found not to extend the last signed head: from then on nothing is signed (no new history). */
  private refusal?: { reason: string; since: string };
  /** The next checkpoint re-reads the log from the start up to the last signed head (see checkSignedHead). */
  private fullCheckPending = false;
  private headChecked = false;
  /** The last head signed or read, kept so the signer's timer can compare it with the log without reading the file. */
  private lastHead?: StoredCheckpoint;
  private headsSignedHere = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: CheckpointSigningKey,
    @Inject(VERIFY_SOURCE_FACTORY) private readonly verifySource: VerifySourceFactory,
    /** The evidence files verify re-hashes; wired by AuditModule, left out only by tests that build the service by hand. */
    @Inject(EVIDENCE_FILES) private readonly evidenceFiles?: EvidenceFiles,
    /** Who signs among several servers on one log (SignerAlone when absent: one server, always the signer). */
    @Optional() @Inject(SIGNER_LEADERSHIP) private readonly leadership?: SignerLeadership,
  ) {
    this.head = new SignedHeadFile(key.folder);
    this.signedLeaves = new SignedLeavesFile(key.folder);
  }

  /** Signing, or refusing and why, and the last signed head. */
  signingStatus(): SigningStatus {
    const leader = this.isSigner();
    // A server standing by reads the head the signer keeps in the shared signer folder afresh: its own copy is from its start.
    const head = leader ? (this.lastHead ?? this.readHead()) : this.readHead();
    const since = this.leadership?.leaderSince();
    return {
      state: this.refusal ? 'refusing' : 'signing',
      ...(this.refusal ? { reason: this.refusal.reason, since: this.refusal.since } : {}),
      ...(head ? { head: { treeSize: head.treeSize, rootHash: head.rootHash, takenAt: head.takenAt } } : {}),
      headChecked: this.headChecked,
      leader,
      ...(leader && since ? { leaderSince: since } : {}),
      headsSignedHere: this.headsSignedHere,
    };
  }

  /** Whether this server signs: the one holding the signer lock on PostgreSQL, always on SQLite. */
  isSigner(): boolean {
    return this.leadership?.isLeader() ?? true;
  }

  /** globalPosition of the last event under the last signed head (0 before the first): the signer signs when the log's head is past it. */
  signedPosition(): number {
    return (this.lastHead ?? this.readHead())?.resume.lastPosition ?? 0;
  }

  /** The last signed head as kept in the signer folder, or undefined before the first. */
  lastSignedHead(): StoredCheckpoint | undefined {
    return this.readHead();
  }

  /**
   * Re-read the log from the start up to the last signed head and check its root, then sign what was
   * appended since: what the server does on start. An attacker who rewrote an event, recomputed its
   * stream's hash chain and deleted the stored checkpoints is caught here: the head outside the data
   * folder still holds the old root. Found out, the server refuses to sign from then on.
   */
  checkSignedHead(): Promise<CheckpointOutcome> {
    this.fullCheckPending = true;
    return this.oneAtATime(() => this.checkpointNow({ checkOnly: true }));
  }

  private readHead(): StoredCheckpoint | undefined {
    this.lastHead = this.head.read() ?? this.lastHead;
    return this.lastHead;
  }

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
    return this.oneAtATime(() => this.checkpointNow());
  }

  private oneAtATime(work: () => Promise<CheckpointOutcome>): Promise<CheckpointOutcome> {
    const run = this.checkpointing.then(work);
    this.checkpointing = run.catch(() => undefined);
    return run;
  }

  private async checkpointNow(options: { checkOnly?: boolean } = {}): Promise<CheckpointOutcome> {
    if (!options.checkOnly && !this.isSigner()) return this.signedByTheSigner();
    if (this.refusal) throw new TamperEvidence(this.refusal.reason);
    try {
      return await this.extendSignedHead(options.checkOnly ?? false);
    } catch (error) {
      if (error instanceof TamperEvidence) {
        this.refusal = { reason: `Refusing to sign: ${error.message}`, since: new Date().toISOString() };
        throw new TamperEvidence(this.refusal.reason);
      }
      throw error;
    }
  }

  /**
   * The last signed head is the one in the signer folder. A signer folder without one (the first start
   * after the key moved out of the data folder) takes the newest stored checkpoint, if its signature is
   * good, as the head to extend: the checks below then hold the log to it from then on.
   */
  private async extendSignedHead(checkOnly: boolean): Promise<CheckpointOutcome> {
    const external = this.readHead();
    const latest = external ?? (await this.checkpoints.latest());
    const full = this.fullCheckPending;
    const resume = full && latest ? { frontier: MerkleFrontier.empty(), after: 0, mustMatch: latest } : await this.resumeFrom(latest);
    const frontier = resume.frontier;
    let last = { position: resume.after, hash: latest?.resume.lastHash ?? '' };
    let beforeLast = latest?.resume.beforeLastPosition ?? 0;
    // The hashes of the events to record in the signer folder: from the first one it lacks (all of them
    // when it holds none yet and the log is read from the start, as it is proven by the root below).
    // It may hold more than the head (a crash between the two writes): those are written again.
    const leavesHeld = this.signedLeaves.count();
    const recordFrom = leavesHeld < frontier.size ? Number.POSITIVE_INFINITY : Math.min(leavesHeld, latest?.treeSize ?? 0);
    const newHashes: string[] = [];
    for await (const page of readLog(this.store, { after: resume.after })) {
      for (const entry of page) {
        const problem = isUnreadable(entry) ? entry.problem : hashProblem(entry);
        if (problem) throw new TamperEvidence(`Refusing to sign a checkpoint over event ${entry.eventId} (${entry.streamId} v${entry.streamVersion}): ${problem}. Run verify for the full report.`);
        if (frontier.size >= recordFrom) newHashes.push(entry.hash);
        frontier.push(leafHash(entry.hash));
        beforeLast = last.position;
        last = { position: entry.globalPosition, hash: entry.hash };
        if (resume.mustMatch && frontier.size === resume.mustMatch.treeSize && frontier.root().toString('hex') !== resume.mustMatch.rootHash) {
          throw new TamperEvidence(
            `the log no longer extends the last signed head (${resume.mustMatch.treeSize} events, root ${resume.mustMatch.rootHash}, signed at ${resume.mustMatch.takenAt}): its first ${frontier.size} events now have the root ${frontier.root().toString('hex')}. Something changed events that were signed. Run verify for the full report.`,
          );
        }
      }
    }
    if (latest && frontier.size < latest.treeSize) {
      throw new TamperEvidence(`the log holds ${frontier.size} events, fewer than the ${latest.treeSize} of the last signed head (signed at ${latest.takenAt}): events that were signed are gone. Run verify for the full report.`);
    }
    if (full) {
      this.fullCheckPending = false;
      this.headChecked = true;
    }
    if (frontier.size === 0) return { created: false };
    if (checkOnly) return { checkpoint: latest, created: false };
    if (latest && frontier.size === latest.treeSize) {
      if (!external) await this.keepHead(latest);
      return { checkpoint: latest, created: false };
    }
    const signed = this.key.sign({ treeSize: frontier.size, rootHash: frontier.root().toString('hex'), takenAt: new Date().toISOString() });
    const stored: StoredCheckpoint = { ...signed, resume: { frontier: frontier.toJSON().nodes, lastPosition: last.position, lastHash: last.hash, beforeLastPosition: beforeLast } };
    // Several servers share the signer folder: only one that still holds the signer lock writes to it, and
    // never a head smaller than the one already there (a signer that lost the lock a moment ago).
    if (!(await this.stillTheSigner())) return { checkpoint: await this.checkpoints.latest(), created: false };
    const onFile = this.head.read();
    if (onFile && onFile.treeSize >= stored.treeSize) {
      this.lastHead = onFile;
      return { checkpoint: onFile, created: false };
    }
    // The events' hashes, then the head, outside the data folder: once the head is written, nothing short of it is signed again.
    if (Number.isFinite(recordFrom)) await this.signedLeaves.append(recordFrom, newHashes);
    await this.keepHead(stored);
    this.headsSignedHere += 1;
    const created = await this.checkpoints.add(stored);
    return { checkpoint: created ? stored : await this.checkpoints.latest(), created };
  }

  /** Asked of the database right before the signer folder is written (see AdvisoryLockLeadership). */
  private async stillTheSigner(): Promise<boolean> {
    return this.leadership ? this.leadership.confirm() : true;
  }

  /**
   * A server standing by signs nothing: asked for a checkpoint (the API, an import, an export, the CLI
   * while a server signs), it waits for the signer's checkpoint covering the log as it stands now.
   */
  private async signedByTheSigner(): Promise<CheckpointOutcome> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + WAIT_FOR_SIGNER_MS;
    for (;;) {
      // Became the signer meanwhile (the signer died): sign, rather than wait for itself behind this call.
      if (this.isSigner()) return this.checkpointNow();
      const latest = await this.checkpoints.latest();
      if (head === 0 || (latest && latest.resume.lastPosition >= head)) return { checkpoint: latest, created: false };
      if (Date.now() > deadline) {
        throw new Error(`no server has signed the log's head (${head} events) within ${WAIT_FOR_SIGNER_MS / 1000} s: this server is not the signer, and none holds the signer lock now, or the signer is stuck (see /api/health on each server)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async keepHead(head: StoredCheckpoint): Promise<void> {
    await this.head.write(head);
    this.lastHead = head;
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
  /**
   * The keys are the verifier's choice (`trust`); by default the signer folder's, never a key found in
   * the data folder. The last signed head, from the signer folder, is checked with the stored
   * checkpoints: deleting those does not hide a rewrite from verify. With a knownHead (kept outside the
   * data folder), a log put back to an earlier state or forked from it is reported too.
   */
  async verify(
    options: VerifyProgress | { onProgress?: VerifyProgress; knownHead?: KnownHead } = {},
    trust: VerifierTrust = this.defaultTrust(),
  ): Promise<VerificationReport & { trustedKeys: { keyId: string; source: string }[]; witnesses?: WitnessedHead }> {
    if (this.verifying) throw new VerificationRunning();
    this.verifying = true;
    const { onProgress, knownHead } = typeof options === 'function' ? { onProgress: options, knownHead: undefined } : options;
    try {
      const checkpoints = (await this.checkpoints.list()).map(publicCheckpoint);
      // The last signed head, kept in the signer folder where the data folder's owner cannot reach it, is
      // the known head unless the caller brings their own: a log put back to an earlier state is then
      // `rolled-back`, a rewritten one `forked` (and its events named from the signed hashes below).
      const head = this.readHead();
      const known = knownHead ?? (head ? { treeSize: head.treeSize, rootHash: head.rootHash, from: `the last signed head, kept in the signer folder ${this.key.folder}` } : undefined);
      const verified = await verifyLog(this.verifySource(this.store), checkpoints, trust.logKeys, onProgress, { knownHead: known, evidence: this.evidenceFiles });
      // A fork from the signer folder's head that events already named explain (a swap, a deletion) says nothing more.
      const explained = knownHead === undefined && verified.findings.some((f) => f.position !== undefined);
      const withoutEcho = explained ? { ...verified, findings: verified.findings.filter((f) => f.kind !== 'forked') } : verified;
      const report = withoutEcho.ok && !verified.checkpoints.some((c) => c.status === 'root-mismatch') ? withoutEcho : await this.withRewrittenEventsNamed(withoutEcho);
      const witnessed = this.witnessedHead(head, trust);
      const findings = witnessed ? [...report.findings, ...witnessed.findings] : report.findings;
      return {
        ...report,
        ok: report.ok && (witnessed?.findings.length ?? 0) === 0,
        findings,
        ...(witnessed ? { witnesses: witnessed.check } : {}),
        trustedKeys: [...trust.logKeys.keys()].map((keyId) => ({ keyId, source: trust.source })),
      };
    } finally {
      this.verifying = false;
    }
  }

  /**
   * The witnesses' word on the last signed head, counted with the witnesses and quorum the VERIFIER
   * chose: a cosignature from anyone else counts for nothing, one copied from another checkpoint fails.
   * The head is the one in the signer folder (where the cosignatures are kept); none means nothing
   * has been witnessed, which fails any quorum above zero.
   */
  private witnessedHead(head: StoredCheckpoint | undefined, trust: VerifierTrust): { check: WitnessedHead; findings: Finding[] } | undefined {
    const witnesses = trust.witnesses ?? [];
    if (witnesses.length === 0) return undefined;
    const quorum = trust.quorum ?? witnesses.length;
    if (!head) {
      const check = { treeSize: 0, cosignedBy: [], forged: [], quorum, met: quorum === 0 };
      return { check, findings: check.met ? [] : [{ kind: 'quorum-not-met', detail: `no head has been signed yet, so no witness has cosigned one (${quorum} required)` }] };
    }
    const check = { treeSize: head.treeSize, ...checkQuorum(head, witnesses, quorum) };
    const findings: Finding[] = check.forged.map((name) => ({
      kind: 'forged-cosignature' as const,
      treeSize: head.treeSize,
      detail: `the cosignature in the name of witness ${name} does not verify over the head of ${head.treeSize} events: it was forged, or copied from another checkpoint`,
    }));
    if (check.cosignedBy.length < quorum) {
      const by = check.cosignedBy.map((c) => `${c.witness} at ${new Date(c.timestamp * 1000).toISOString()}`).join(', ') || 'none of them';
      findings.push({
        kind: 'quorum-not-met',
        treeSize: head.treeSize,
        detail: `the head of ${head.treeSize} events is cosigned by ${check.cosignedBy.length} of the ${quorum} witnesses you require (${by}): not enough parties who do not run this server hold this history`,
      });
    }
    return { check, findings };
  }

  /**
   * When a signed root no longer matches, compare every event's hash with the one recorded when it was
   * signed (the signer folder's signed-leaves.bin) and name those that differ: an event rewritten,
   * re-hashed and re-chained leaves no other trace. A few, named one by one; many (an event inserted or
   * removed shifts all after it) are left to the findings verify already made.
   */
  private async withRewrittenEventsNamed(report: VerificationReport): Promise<VerificationReport> {
    const signed = this.signedLeaves.all();
    const count = signed.length / HASH_BYTES;
    // Only when verify could name no event: a swap, a deletion or a visible alteration is named already, and better.
    if (count === 0 || report.findings.some((f) => f.position !== undefined || f.eventId !== undefined)) return report;
    const named = new Set<number>();
    const differing: Finding[] = [];
    let index = 0;
    for await (const page of readLog(this.store, { upTo: count })) {
      for (const entry of page) {
        const was = hashAt(signed, index);
        index += 1;
        if (was === undefined || entry.hash === was || named.has(index)) continue;
        differing.push({
          kind: 'altered',
          position: index,
          globalPosition: entry.globalPosition,
          eventId: entry.eventId,
          streamId: entry.streamId,
          streamVersion: entry.streamVersion,
          detail: `is not the event that was signed: its hash was ${was} when signed, and is now ${entry.hash}. It was rewritten and re-hashed, and its stream's chain recomputed after it (the hash signed is kept outside the data folder)`,
        });
        if (differing.length > 10) return report;
      }
    }
    if (differing.length === 0) return report;
    const findings = [...report.findings, ...differing].sort((a, b) => (a.position ?? a.treeSize ?? Number.MAX_SAFE_INTEGER) - (b.position ?? b.treeSize ?? Number.MAX_SAFE_INTEGER));
    return { ...report, ok: false, findings };
  }

  /**
   * The proof a witness asks for: that the last signed head extends the tree of `oldSize` events it
   * cosigned before. Built from the signed events' hashes in the signer folder (the log itself when
   * they are not all there), and only if they fold to the head's signed root.
   */
  async consistencyProofForHead(head: StoredCheckpoint, oldSize: number): Promise<Buffer[]> {
    if (oldSize === 0 || oldSize === head.treeSize) return [];
    const signed = this.signedLeaves.all();
    let leaves: Buffer;
    if (signed.length >= head.treeSize * HASH_BYTES) {
      leaves = Buffer.allocUnsafe(head.treeSize * HASH_BYTES);
      for (let i = 0; i < head.treeSize; i++) leafHash(signed.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES).toString('hex')).copy(leaves, i * HASH_BYTES);
    } else {
      leaves = await readLeaves(this.store, head.treeSize);
    }
    return this.treeMatching(leaves, head).consistencyProof(oldSize, head.treeSize);
  }

  /** Keep the cosignatures witnesses returned on the last signed head, in the signer folder. */
  async recordCosignatures(head: StoredCheckpoint, lines: string[]): Promise<void> {
    // In turn with signing, so a newer head written meanwhile is never replaced by this one.
    await this.oneAtATime(async () => {
      const current = this.readHead();
      if (current && current.treeSize === head.treeSize && current.rootHash === head.rootHash) {
        await this.keepHead({ ...current, cosignatures: [...new Set([...(current.cosignatures ?? []), ...lines])] });
      }
      return { created: false };
    });
  }

  /** The signer folder's key and the keys trusted there on restore: the server's own verify, unless told otherwise. */
  defaultTrust(): VerifierTrust {
    return { logKeys: this.key.trustedKeys(), source: `signer folder ${this.key.folder}` };
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
