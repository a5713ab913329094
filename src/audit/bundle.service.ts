import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { InvalidInput, NotFound, RuleBroken } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { EventEnvelope } from '../event-store/envelope';
import { isUnreadable } from '../event-store/unreadable-event';
import { AuditService } from './audit.service';
import { checkpointNote, publicCheckpoint, TLOG_CHECKPOINT_FORMAT } from './checkpoint';
import { CHECKPOINT_STORE, CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';
import { LogEntry, readLog } from './log-reader';
import { HASH_BYTES, leafHash, MerkleTree } from './merkle';
import { BUNDLE_FORMAT, BUNDLE_HOW_TO_CHECK, BundledEvent, BundleSubject, ProofBundle, tlogProofText } from './proof-bundle';
import { TamperEvidence } from './tamper-evidence.error';

export interface BundleRequest {
  subject: BundleSubject;
  /** Whether an entry of the log belongs in the bundle. */
  includes(entry: LogEntry): boolean;
  /** What to say when no event of the log belongs: the 404's message. */
  nothingFound: string;
  /** The size of a checkpoint the verifier already holds: a consistency proof from it is added. */
  fromSize?: number;
  report?: ProofBundle['report'];
}

/**
 * Proof bundles: the events asked for, each with its audit path against the
 * newest signed checkpoint, and that checkpoint as signed and cosigned. Nothing is
 * signed here: an event the newest checkpoint does not cover yet is refused with
 * a 409 that says to ask again once it is signed, never quietly signed on the spot.
 */
@Injectable()
export class BundleService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly audit: AuditService,
  ) {}

  async bundle(request: BundleRequest): Promise<ProofBundle> {
    const checkpoint = await this.checkpoints.latest();
    if (!checkpoint) throw new NotFound('There is no signed checkpoint yet, so nothing can be proved: an administrator or auditor signs one with plan-audit checkpoint (or POST /api/audit/checkpoints).');
    const treeSize = checkpoint.treeSize;
    if (request.fromSize !== undefined) this.checkFromSize(request.fromSize, checkpoint);
    const leaves = Buffer.alloc(treeSize * HASH_BYTES);
    const selected: { entry: EventEnvelope; index: number }[] = [];
    let unsigned = 0;
    let index = 0;
    for await (const page of readLog(this.store)) {
      for (const entry of page) {
        if (index < treeSize) leafHash(String(entry.hash)).copy(leaves, index * HASH_BYTES);
        if (request.includes(entry)) {
          if (isUnreadable(entry)) throw new TamperEvidence(`Event ${entry.eventId} (${entry.streamId} v${entry.streamVersion}) cannot be read: ${entry.problem}. Run verify for the full report.`);
          if (index < treeSize) selected.push({ entry, index });
          else unsigned += 1;
        }
        index += 1;
      }
    }
    if (index < treeSize) throw new TamperEvidence(`The log holds ${index} events, fewer than the ${treeSize} the newest checkpoint (taken at ${checkpoint.takenAt}) covers. Run verify for the full report.`);
    if (selected.length === 0 && unsigned === 0) throw new NotFound(request.nothingFound);
    if (unsigned > 0) {
      throw new RuleBroken(
        'not-yet-signed',
        `${unsigned} of the ${selected.length + unsigned} events asked for ${unsigned === 1 ? 'was' : 'were'} recorded after the newest checkpoint ` +
          `(${treeSize} events, taken at ${checkpoint.takenAt}), so no signed checkpoint covers ${unsigned === 1 ? 'it' : 'them'} yet and no bundle is made. ` +
          'Ask again once the next checkpoint is signed; an administrator or auditor can sign one now with plan-audit checkpoint (or POST /api/audit/checkpoints).',
      );
    }
    const tree = new MerkleTree(leaves);
    if (tree.root().toString('hex') !== checkpoint.rootHash) {
      throw new TamperEvidence(`The log no longer matches the newest checkpoint (${treeSize} events, taken at ${checkpoint.takenAt}): no proof can be given. Run verify for the full report.`);
    }
    const signed = this.signedCheckpoint(checkpoint);
    const events: BundledEvent[] = selected.map(({ entry, index: at }) => {
      const auditPath = tree.inclusionProof(at, treeSize).map(hex);
      return { leafIndex: at, auditPath, event: entry, ...(signed.note ? { tlogProof: tlogProofText(at, auditPath, signed.note) } : {}) };
    });
    const fromSize = request.fromSize;
    return {
      type: 'proof-bundle',
      format: BUNDLE_FORMAT,
      createdAt: new Date().toISOString(),
      subject: request.subject,
      checkpoint: signed,
      events,
      ...(fromSize !== undefined ? { consistency: { fromSize, proof: fromSize === treeSize ? [] : tree.consistencyProof(fromSize, treeSize).map(hex) } } : {}),
      ...(request.report ? { report: request.report } : {}),
      publicKey: this.audit.publicKeys().find((k) => k.keyId === checkpoint.keyId),
      howToCheck: BUNDLE_HOW_TO_CHECK,
    };
  }

  /**
   * When the last event the newest checkpoint covers was recorded: what a report bundle
   * asked for "now" is pinned to, so that it proves the report as of the newest signed
   * head instead of failing while the next one is being signed. Undefined without a
   * checkpoint, or when that event is no longer where the checkpoint left it.
   */
  async signedUpTo(): Promise<string | undefined> {
    const checkpoint = await this.checkpoints.latest();
    if (!checkpoint) return undefined;
    try {
      const [last] = await this.store.readAll({ after: checkpoint.resume.beforeLastPosition, limit: 1 });
      return last && last.hash === checkpoint.resume.lastHash ? last.metadata.recordedAt : undefined;
    } catch {
      return undefined;
    }
  }

  private checkFromSize(fromSize: number, checkpoint: StoredCheckpoint): void {
    if (!Number.isSafeInteger(fromSize) || fromSize < 1) throw new InvalidInput('from', `"${fromSize}" is not the size of a checkpoint you hold; give its tree size, e.g. ?from=244`);
    if (fromSize > checkpoint.treeSize) {
      throw new RuleBroken(
        'from-beyond-checkpoint',
        `You hold a checkpoint of ${fromSize} events, but the newest checkpoint here covers only ${checkpoint.treeSize} (taken at ${checkpoint.takenAt}): ` +
          'this log cannot prove it extends yours. If the one you hold was signed by this council, the log was rolled back: tell the council and the auditor.',
      );
    }
  }

  /** The checkpoint's public fields, and for a C2SP one its signed note with the cosignatures. */
  private signedCheckpoint(checkpoint: StoredCheckpoint): ProofBundle['checkpoint'] {
    // Witnesses' cosignatures are kept on the last signed head in the signer folder, not in the data
    // folder's checkpoint store: when the bundle's checkpoint is that head, it carries them.
    const head = this.audit.lastSignedHead();
    const same = head && head.treeSize === checkpoint.treeSize && head.rootHash === checkpoint.rootHash && head.signature === checkpoint.signature;
    const fields = publicCheckpoint(same && head.cosignatures?.length ? { ...checkpoint, format: head.format, origin: head.origin, cosignatures: head.cosignatures } : checkpoint);
    if (fields.format !== TLOG_CHECKPOINT_FORMAT) return fields;
    const info = this.audit.publicKeys().find((k) => k.keyId === checkpoint.keyId);
    return info ? { ...fields, note: checkpointNote(fields, createPublicKey(info.pem)) } : fields;
  }
}

const hex = (hash: Buffer) => hash.toString('hex');
