import { Checkpoint } from './checkpoint';

/**
 * Where the next checkpoint can carry on from without re-reading the log. Not
 * signed, so never trusted blindly: the frontier must fold to the signed root,
 * and the event read at `lastPosition` must still be the one with `lastHash`
 * (an event slipped in earlier would shift it), else the log is read from the
 * start. Rebuilt on restore, where positions are the new store's.
 */
export interface ResumePoint {
  /** The roots of the tree's perfect subtrees, largest first (hex): see MerkleFrontier. */
  frontier: string[];
  /** globalPosition and hash of the last event covered (leaf treeSize − 1) in this store. */
  lastPosition: number;
  lastHash: string;
  /** globalPosition of the event before it (0 for a tree of one): reading after it must give the last event. */
  beforeLastPosition: number;
}

/** A checkpoint as kept by the server: the signed fields, and where to resume. */
export interface StoredCheckpoint extends Checkpoint {
  resume: ResumePoint;
}

/**
 * Where checkpoints are kept: beside the event log, never in it, so they are not
 * leaves of the trees they sign. Append-only, like the log.
 */
export interface CheckpointStore {
  /** Every checkpoint, smallest tree first. */
  list(): Promise<StoredCheckpoint[]>;
  latest(): Promise<StoredCheckpoint | undefined>;
  /** Adds a checkpoint; returns false (and keeps the existing one) when one of that tree size is already stored. */
  add(checkpoint: StoredCheckpoint): Promise<boolean>;
}

export const CHECKPOINT_STORE = Symbol('CheckpointStore');
