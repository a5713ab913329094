import { EventEnvelope } from '../event-store/envelope';
import { UnreadableEvent } from '../event-store/unreadable-event';
import { Checkpoint } from './checkpoint';
import { PublicKeyInfo } from './proofs';

/**
 * An export is JSON Lines: a header, the events in global order, the checkpoints,
 * for a one-plan export the consistency proofs linking every checkpoint to the
 * newest, and an end line that says how many of each came before it (so a file
 * cut short is noticed). tools/verify-export.js checks one with nothing but Node.
 */
export const EXPORT_FORMAT = 'plan-audit-export';
export const EXPORT_FORMAT_VERSION = 1;

export const HOW_TO_CHECK =
  'Each event hash is SHA-256 over the RFC 8785 (JCS) canonical JSON of the event without "hash" and "globalPosition"; ' +
  "prevHash is the previous event's hash in the same stream (null for a stream's first event). " +
  'The Merkle tree is RFC 9162 over the events in the order of this file (leaf = SHA-256(0x00 || 32 bytes of the event hash), node = SHA-256(0x01 || left || right)). ' +
  'A checkpoint signs, with Ed25519, the UTF-8 text "plan-audit checkpoint v1\\n<treeSize>\\n<rootHash>\\n<takenAt>\\n", or, when its format is "tlog-checkpoint", ' +
  'the C2SP checkpoint text "<origin>\\n<treeSize>\\n<base64 rootHash>\\n"; keyId is the hex SHA-256 of the DER public key. ' +
  "Check one with: node tools/verify-export.js <file> --public-key <the council's published key.pem>; the keys written in this file are never trusted.";

export interface ExportHeader {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  exportedAt: string;
  /** "full": the whole log, every checkpoint can be rebuilt; "plan": one plan's events, each with an inclusion proof. */
  scope: 'full' | 'plan';
  planId?: string;
  publicKeys: PublicKeyInfo[];
  howToCheck: string;
}

export interface ExportedEvent {
  type: 'event';
  /** 0-based place of the event in the whole log: its leaf index. */
  leafIndex: number;
  event: EventEnvelope;
  /** One-plan exports: the audit path to the newest checkpoint's root. */
  inclusion?: { treeSize: number; auditPath: string[] };
}

/** An event whose stored JSON no longer parses: exported as far as it can be read, so the verifier can name it. */
export interface ExportedUnreadableEvent {
  type: 'unreadable';
  leafIndex: number;
  event: UnreadableEvent;
}

export interface ExportedCheckpoint {
  type: 'checkpoint';
  checkpoint: Checkpoint;
}

export interface ExportedConsistency {
  type: 'consistency';
  from: number;
  to: number;
  proof: string[];
}

export interface ExportEnd {
  type: 'end';
  events: number;
  checkpoints: number;
  /** What the exporter could not vouch for (e.g. the log no longer matching a checkpoint). */
  warnings: string[];
}

export type ExportLine = ExportHeader | ExportedEvent | ExportedUnreadableEvent | ExportedCheckpoint | ExportedConsistency | ExportEnd;
