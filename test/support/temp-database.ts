import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder holding a real SQLite file for one test suite; removed afterwards, with its signer folder beside it (`<dir>-signer`). */
export function tempDatabase(label: string): { dir: string; file: string; signerDir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `plan-audit-${label}-`));
  const signerDir = `${dir}-signer`;
  return {
    dir,
    file: join(dir, 'events.sqlite'),
    signerDir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(signerDir, { recursive: true, force: true });
    },
  };
}
