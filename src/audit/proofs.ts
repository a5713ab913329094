import { EventEnvelope } from '../event-store/envelope';
import { Checkpoint } from './checkpoint';

/** The public half of a checkpoint signing key, as printed, exported and put in proofs. */
export interface PublicKeyInfo {
  keyId: string;
  algorithm: 'Ed25519';
  pem: string;
}

export const PROOF_FORMAT = 'plan-audit/1';

/**
 * That one event is leaf `leafIndex` of the tree a signed checkpoint covers:
 * re-hash the event, follow the audit path to the root, check the root is the
 * checkpoint's and the checkpoint's signature is the key's (RFC 9162 §2.1.3).
 */
export interface InclusionProof {
  type: 'inclusion-proof';
  format: typeof PROOF_FORMAT;
  event: EventEnvelope;
  leafIndex: number;
  treeSize: number;
  /** Sibling hashes from the leaf up, hex. */
  auditPath: string[];
  checkpoint: Checkpoint;
  publicKey: PublicKeyInfo;
}

/** That the log at `to` extends the log at `from` without changing any of its events (RFC 9162 §2.1.4). */
export interface ConsistencyProof {
  type: 'consistency-proof';
  format: typeof PROOF_FORMAT;
  from: Checkpoint;
  to: Checkpoint;
  proof: string[];
  publicKey: PublicKeyInfo;
}
