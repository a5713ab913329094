import { EventStoreDbEventStore } from '../event-store/eventstoredb/eventstoredb-event-store';
import { CheckpointStore, StoredCheckpoint } from './checkpoint-store.port';

/**
 * Checkpoints on EventStoreDB live in the `audit-checkpoints` stream, written as
 * plain records without the application's envelope and marked as kept beside the log
 * (metadata `outsideTheLog`). The adapter's readAll and subscriptions pass over those
 * records (and the server's own, $-prefixed), so checkpoint records are in $all but
 * never leaves of the Merkle tree — the tree covers exactly the entries readAll returns,
 * in $all order. Any other event without the envelope is reported as unreadable, not skipped.
 */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
const RECORD_TYPE = 'CheckpointSigned';

export class EventStoreDbCheckpointStore implements CheckpointStore {
  constructor(
    private readonly store: EventStoreDbEventStore,
    private readonly streamId = CHECKPOINT_STREAM,
  ) {}

  async list(): Promise<StoredCheckpoint[]> {
    const bySize = new Map<number, StoredCheckpoint>();
    for (const record of await this.store.readRecords(this.streamId)) {
      if (isStoredCheckpoint(record) && !bySize.has(record.treeSize)) bySize.set(record.treeSize, record);
    }
    return [...bySize.values()].sort((a, b) => a.treeSize - b.treeSize);
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const all = await this.list();
    return all[all.length - 1];
  }

  async add(checkpoint: StoredCheckpoint): Promise<boolean> {
    if ((await this.list()).some((c) => c.treeSize === checkpoint.treeSize)) return false;
    await this.store.appendRecord(this.streamId, RECORD_TYPE, checkpoint);
    return true;
  }
}

function isStoredCheckpoint(value: unknown): value is StoredCheckpoint {
  const c = value as Partial<StoredCheckpoint> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.treeSize === 'number' &&
    typeof c.rootHash === 'string' &&
    typeof c.takenAt === 'string' &&
    typeof c.keyId === 'string' &&
    typeof c.signature === 'string' &&
    typeof c.resume === 'object' &&
    c.resume !== null
  );
}
