import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder holding a real SQLite file for one test suite; removed afterwards. */
export function tempDatabase(label: string): { dir: string; file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `plan-audit-${label}-`));
  return { dir, file: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
