import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const EVIDENCE_FILES = Symbol('EvidenceFiles');

export interface StoredFile {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored (content addressing makes uploads idempotent). */
  created: boolean;
}

/**
 * Evidence files, outside the event log, in a content-addressed folder: a file's
 * name is the SHA-256 of its bytes, so the hash in the event proves which file it was.
 */
export class EvidenceFiles {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (existsSync(path)) return { sha256, size: bytes.length, created: false };
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    // Write aside and rename, so a crash never leaves a half-written file under a valid hash.
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temporary, bytes, { mode: 0o640 });
    await rename(temporary, path);
    return { sha256, size: bytes.length, created: true };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
    try {
      return await readFile(this.pathOf(sha256));
    } catch {
      return undefined;
    }
  }

  async remove(sha256: string): Promise<void> {
    if (/^[0-9a-f]{64}$/.test(sha256)) await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}
