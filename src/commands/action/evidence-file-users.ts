import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';

const PAGE = 5000;

/**
 * Which evidence items, in any action of any plan, still use a file: every
 * `EvidenceSubmitted` with that hash whose item has no `EvidenceRedacted` since.
 * Read from the log itself, not a read model: a projection may lag behind, and an
 * answer one event behind is exactly the erasure that deletes a file someone just
 * submitted. The answer is kept in memory and brought up to the log's head at every
 * question, so each event is read once per process, and an event another process
 * appended is seen as soon as it is committed.
 */
@Injectable()
export class EvidenceFileUsers {
  /** hash → the items using it, as `streamId#evidenceId`. */
  private readonly users = new Map<string, Set<string>>();
  private position = 0;
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The items that use the file with this hash and are not erased, as read at the log's head now. */
  async of(hash: string): Promise<string[]> {
    // One catch-up at a time: two reading the same page at once would apply it twice.
    const turn = this.catchingUp.then(() => this.catchUp());
    this.catchingUp = turn.catch(() => undefined);
    await turn;
    return [...(this.users.get(hash) ?? [])];
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.position, limit: PAGE });
      for (const event of page) {
        const data = event.data as { evidenceId?: string; fileHash?: string };
        if (data.fileHash && data.evidenceId) {
          const item = `${event.streamId}#${data.evidenceId}`;
          if (event.type === 'EvidenceSubmitted') this.usersOf(data.fileHash).add(item);
          if (event.type === 'EvidenceRedacted') this.usersOf(data.fileHash).delete(item);
        }
        this.position = event.globalPosition;
      }
      if (page.length < PAGE) return;
    }
  }

  private usersOf(hash: string): Set<string> {
    let set = this.users.get(hash);
    if (!set) this.users.set(hash, (set = new Set()));
    return set;
  }
}
