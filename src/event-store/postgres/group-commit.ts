import { DatabaseError } from 'pg';
import { SealedBatch } from './appending';

type Columns = SealedBatch['columns'];

/**
 * Sends groups of sealed rows to `append_events` in one call and hands back, per group, the
 * position before its first row, or null where the function left the group out (a stream head
 * moved since it was sealed). A group is one caller's append: all of it goes in, or none.
 */
export type SendGroups = (groupEnds: number[], columns: Columns) => Promise<(number | null)[]>;

interface Waiting {
  columns: Columns;
  resolve: (before: number | null) => void;
  reject: (error: unknown) => void;
}

/** Rows in one call at most: a call holds the append lock while it inserts, and other servers wait on it. */
const MAX_ROWS_PER_CALL = 5_000;

/**
 * Group commit for the appends of one process. Every append to the log takes the one append lock
 * and waits under it for its commit's WAL flush, so appends made one call each queue up one flush
 * each. Here an append that finds no call under way is sent at once (a lone writer waits for
 * nothing extra); appends that arrive while a call is under way wait for it, and then all go
 * together in the next call: one transaction, one lock, one flush. Each caller still gets its own
 * outcome: the function checks each group against its streams' heads as it stands when that
 * group's turn comes, and a group whose head moved is left out without failing the others.
 *
 * A call the database refuses (an SQL error, e.g. an event id given twice) wrote nothing: each of
 * its groups is then sent again on its own, so only the group at fault fails. A call that fails
 * otherwise (the connection lost) fails every caller in it, who cannot know whether it committed,
 * as with any single append.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(private readonly send: SendGroups) {}

  /** Resolves with the position before the group's first row, or null when a stream head moved. */
  submit(columns: Columns): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ columns, resolve, reject });
      if (!this.sending) void this.sendWhileWaiting();
    });
  }

  private async sendWhileWaiting(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) await this.sendBatch(this.takeBatch());
    } finally {
      this.sending = false;
    }
  }

  /** The groups waiting, oldest first, up to MAX_ROWS_PER_CALL rows (always at least one group). */
  private takeBatch(): Waiting[] {
    let rows = 0;
    let count = 0;
    while (count < this.waiting.length) {
      const size = this.waiting[count].columns[0].length;
      if (count > 0 && rows + size > MAX_ROWS_PER_CALL) break;
      rows += size;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async sendBatch(batch: Waiting[]): Promise<void> {
    const groupEnds: number[] = [];
    const columns: Columns = [[], [], [], [], [], [], [], [], []];
    for (const { columns: group } of batch) {
      group.forEach((column, i) => (columns[i] as unknown[]).push(...column));
      groupEnds.push(columns[0].length);
    }
    try {
      const befores = await this.send(groupEnds, columns);
      batch.forEach((w, i) => w.resolve(befores[i]));
    } catch (error) {
      if (batch.length > 1 && error instanceof DatabaseError) {
        for (const w of batch) await this.sendBatch([w]);
        return;
      }
      for (const w of batch) w.reject(error);
    }
  }
}
