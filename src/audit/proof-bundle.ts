import { EventEnvelope } from '../event-store/envelope';
import { Checkpoint } from './checkpoint';
import { PublicKeyInfo } from './proofs';

/**
 * An offline proof bundle, modelled on c2sp.org/tlog-proof: some events, each with
 * its leaf index and audit path against ONE checkpoint, and that checkpoint as it
 * was signed (as a C2SP signed note with the witnesses' cosignatures when it is a
 * C2SP checkpoint). An inspector keeps the file and checks it later with
 * tools/verify-export.js alone, with keys they obtained themselves: the public key
 * in the bundle is only a label to compare, never trusted by being there.
 */
export const BUNDLE_FORMAT = 'plan-audit-bundle/1';

/** What the bundle is evidence of. */
export type BundleSubject =
  | { kind: 'event'; eventId: string }
  | { kind: 'action-history'; planId: string; reference: string; streamId: string }
  | { kind: 'report'; planId: string; name: string; parameters: Record<string, string>; knownAt: string };

export interface BundledEvent {
  /** 0-based place of the event in the whole log. */
  leafIndex: number;
  /** Sibling hashes from the leaf up to the root's child, hex (RFC 9162 §2.1.3.1). */
  auditPath: string[];
  event: EventEnvelope;
  /** With a C2SP checkpoint: the same proof as a c2sp.org/tlog-proof@v1 text, for transparency-log tools (the leaf is the 32-byte event hash). */
  tlogProof?: string;
}

export interface ProofBundle {
  type: 'proof-bundle';
  format: typeof BUNDLE_FORMAT;
  createdAt: string;
  subject: BundleSubject;
  /** The checkpoint every proof leads to; `note` is its C2SP signed-note form (C2SP checkpoints only), cosignatures included. */
  checkpoint: Checkpoint & { note?: string };
  /** The events, in log order. */
  events: BundledEvent[];
  /** With ?from=<size>: RFC 9162 consistency proof from the tree of `fromSize` events to the checkpoint's. The root at `fromSize` is the verifier's own. */
  consistency?: { fromSize: number; proof: string[] };
  /** A report bundle: the report as rendered in JSON, which the events above are the plan's record for. */
  report?: { name: string; parameters: Record<string, string>; data: unknown };
  /** The key the server says signed the checkpoint: for comparison with the one the council published, never trusted by the verifier. */
  publicKey?: PublicKeyInfo;
  howToCheck: string;
}

export const BUNDLE_HOW_TO_CHECK =
  'Check this bundle offline with: node tools/verify-export.js <bundle.json> --public-key <the council\'s published key.pem> ' +
  '[--witness-key <vkey>]... [--quorum N] [--state <file>]. Each event re-hashes to its hash (SHA-256 over the RFC 8785 canonical JSON ' +
  'of the event without "hash" and "globalPosition"), each audit path leads from SHA-256(0x00 || event hash) to the checkpoint root, ' +
  'and the checkpoint is signed by the log key and cosigned by the witnesses you trust. Do not trust the publicKey written in this file.';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** c2sp.org/tlog-proof: the header, "index <n>", the audit path in base64 one hash a line, a blank line, then the checkpoint note verbatim. */
export function tlogProofText(leafIndex: number, auditPathHex: string[], note: string): string {
  return `${TLOG_PROOF_HEADER}\nindex ${leafIndex}\n${auditPathHex.map((h) => `${Buffer.from(h, 'hex').toString('base64')}\n`).join('')}\n${note}`;
}
