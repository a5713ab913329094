/**
 * What verify found, in the words an auditor uses. Every finding about an event
 * names it: its place in the log (1-based, the order the Merkle tree covers), its
 * id, stream and version; `related` names the other events involved (the other
 * half of a swap, the event whose link gave a missing one away).
 */
export type TamperKind =
  /** The event's contents no longer match its hash, or it was changed and re-hashed so its successor no longer links to it. */
  | 'altered'
  /** An event is gone: a gap in a stream's versions, or a link to a predecessor that is not in the log. */
  | 'missing'
  /** An event that is not part of the sealed history: a second copy, or a forged event with no place in the chain or tree. */
  | 'inserted'
  /** Every event is there but not in the order it was recorded and signed. */
  | 'reordered'
  /** The log ends before a checkpoint's tree size: events the checkpoint covers were cut off. */
  | 'truncated'
  /** Two events traded places between streams: each now claims the stream and version the other was recorded in. */
  | 'swapped';

/** Problems a head kept outside the data folder (the last one signed, or one a witness holds) reveals, and the log alone cannot. */
export type HeadProblemKind =
  /** The log and its checkpoints end before the known head's size: it was put back to an earlier state. */
  | 'rolled-back'
  /** The log's root at the known head's size is not the head's root: a different history from the one signed. */
  | 'forked';

/** An evidence file the log says is kept (submitted and not lawfully erased), by the item's id. */
export type EvidenceProblemKind =
  /** The file's bytes no longer hash to the SHA-256 its submission recorded. */
  | 'evidence-altered'
  /** No file under the recorded SHA-256, and no erasure of the item in the log. */
  | 'evidence-missing';

export type CheckpointProblemKind =
  /** The log's Merkle root at the checkpoint's size is not the signed one, and no single named change explains it. */
  | 'root-mismatch'
  /** The checkpoint's signature does not verify: the checkpoint itself was forged or altered. */
  | 'bad-signature'
  /** The checkpoint was signed by a key the verifier was not given. */
  | 'unknown-key'
  /** Fewer of the witnesses the verifier chose cosigned the last signed head than the quorum the verifier asked for. */
  | 'quorum-not-met'
  /** A cosignature in the name of a witness the verifier trusts does not verify over this head: forged, or replayed from another checkpoint. */
  | 'forged-cosignature';

export type FindingKind = TamperKind | CheckpointProblemKind | HeadProblemKind | EvidenceProblemKind;

export interface EventRef {
  /** 1-based place in the log, in global order; leaf position − 1 in the Merkle tree. */
  position?: number;
  globalPosition?: number;
  eventId?: string;
  streamId?: string;
  streamVersion?: number;
}

export interface Finding extends EventRef {
  kind: FindingKind;
  /** The checkpoint concerned, by tree size. */
  treeSize?: number;
  related?: EventRef[];
  /** For an evidence finding: the item's id (the event fields name its submission) and the file's recorded SHA-256. */
  evidenceId?: string;
  fileHash?: string;
  detail: string;
}

export function describeEvent(ref: EventRef): string {
  const where = ref.position !== undefined ? `#${ref.position}` : 'an event';
  const stream = ref.streamId !== undefined ? ` ${ref.streamId} v${ref.streamVersion}` : '';
  const id = ref.eventId !== undefined ? ` (event ${ref.eventId})` : '';
  return `${where}${stream}${id}`;
}

/** One line per finding, e.g. `ALTERED #17 action-x/3.2 v2 (event 6f…): its contents hash to … not …`. */
export function formatFinding(finding: Finding): string {
  if (finding.evidenceId !== undefined) return `${finding.kind.toUpperCase()} evidence ${finding.evidenceId} (${finding.streamId}, submitted by event ${finding.eventId}): ${finding.detail}`;
  const subject = finding.eventId !== undefined || finding.position !== undefined || finding.streamId !== undefined ? `${describeEvent(finding)}: ` : '';
  return `${finding.kind.toUpperCase()} ${subject}${finding.detail}`;
}
