/**
 * One queue per key (a file's SHA-256), in this process: whoever holds a hash may
 * look at who uses it and then act on the file without anyone in this process
 * storing or erasing the same bytes in between. Keys with no one waiting are
 * forgotten, so the map holds only hashes being worked on.
 */
export class HashLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async hold<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
