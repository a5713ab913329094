import { EventStore } from '../event-store/event-store.port';
import { LogEntry, readLog } from './log-reader';
import { HASH_BYTES, leafHash } from './merkle';
import { TamperEvidence } from './tamper-evidence.error';

/**
 * The leaf hashes of the first `treeSize` events, in global order, for building
 * proofs. `visit` sees each entry on the way (to find an event's place).
 */
export async function readLeaves(store: EventStore, treeSize: number, visit?: (entry: LogEntry, index: number) => void): Promise<Buffer> {
  const leaves = Buffer.allocUnsafe(treeSize * HASH_BYTES);
  let index = 0;
  for await (const page of readLog(store, { upTo: treeSize })) {
    for (const entry of page) {
      visit?.(entry, index);
      leafHash(String(entry.hash)).copy(leaves, index * HASH_BYTES);
      index += 1;
    }
  }
  if (index < treeSize) throw new TamperEvidence(`the log holds ${index} events, fewer than the ${treeSize} a checkpoint covers: run verify for the full report`);
  return leaves;
}
