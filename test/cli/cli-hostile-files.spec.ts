import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_LIMITS } from '../../src/import/import-limits';
import { exampleCsv, exampleWorkbook, windows1252, withSheetXml } from '../support/hostile-files';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * The files a board member really imports with `plan-audit import`, and hostile ones,
 * through the built CLI on a real SQLite file: converted and said so, or refused with
 * exit code 2 (bad input) naming what to fix, appending nothing.
 */
describe('plan-audit import with real and hostile files', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-hostile-files');
  let board: Record<string, string>;
  const importFile = (plan: string, name: string, bytes: Buffer) => {
    const file = join(database.dir, name);
    writeFileSync(file, bytes);
    const started = process.hrtime.bigint();
    const result = runCli(database.dir, ['import', '--plan', plan, '--file', file], board);
    // The whole CLI run (Node start-up included): printed, not asserted; speed belongs in benchmarks.
    console.log(`plan-audit import ${name} (${bytes.length} bytes): exit ${result.status} in ${Number(process.hrtime.bigint() - started) / 1e6} ms`);
    return result;
  };
  const eventCount = (): number => {
    const verified = runCli(database.dir, ['verify', '--json']);
    expect(verified.status).toBe(0);
    return (JSON.parse(verified.stdout) as { eventCount: number }).eventCount;
  };

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    board = asToken(cliToken(database.dir, 'board.chair', 'board'));
  });
  afterAll(() => database.remove());

  it('converts a Windows-1252 CSV and says so', () => {
    const csv = exampleCsv().replace('Implement a workforce strategy', 'Implement a Café workforce strategy');
    const result = importFile('cp1252-plan', 'plan.csv', windows1252(csv));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Converted plan\.csv from Windows-1252 to UTF-8: it was not saved as "CSV UTF-8"/);
    expect(result.stdout).toMatch(/Imported 67 rows into plan cp1252-plan/);
    const shown = runCli(database.dir, ['report', 'plan-state', '--plan', 'cp1252-plan', '--format', 'json'], board);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Implement a Café workforce strategy');
  });

  it('refuses a repeated heading and hostile workbooks with exit code 2, appending nothing', async () => {
    const before = eventCount();
    const lines = exampleCsv().split('\r\n');
    lines[0] += ',Lead';
    const repeated = importFile('dup-plan', 'repeated.csv', Buffer.from(lines.join('\r\n')));
    expect(repeated.status).toBe(2);
    expect(repeated.stderr).toContain('column N (14) "Lead": repeats the heading of column H (8)');

    const farCell = importFile('far-plan', 'far-cell.xlsx', await exampleWorkbook((sheet) => void (sheet.getCell('XFD1048576').value = 'x')));
    expect(farCell.status).toBe(2);
    expect(farCell.stderr).toMatch(/has a cell at XFD1048576, beyond the 5,000 rows/);

    const bomb = await withSheetXml((xml) => xml.replace('<sheetData>', `<!--${'0'.repeat(IMPORT_LIMITS.bytes + 1024)}--><sheetData>`));
    const bombed = importFile('bomb-plan', 'bomb.xlsx', bomb);
    expect(bombed.status).toBe(2);
    expect(bombed.stderr).toMatch(/unzips to more than 8 MB/);
    expect(eventCount()).toBe(before);
  });
});
