import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * A plan file's codes as councils really type them (issue 22, item 8), imported with the built
 * CLI on a real SQLite file: one council's report marks its completed actions with a Cyrillic
 * "С"; a cell says "dg "; another a Greek "Α". Each is recorded as the plan's code, the
 * look-alikes kept as typed in the event, and the import's report says so by row and column.
 * A cell that is no code (a Cyrillic "Ж", an emoji, a zero-width space, a combining mark) refuses
 * the file with exit code 2, naming the row, the column and the code point, appending nothing.
 * A code given to `rate` is read by the same rule.
 */
describe('plan-audit import reads a plan file’s codes as typed', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-codes-in-plan-files');
  let board: Record<string, string>;
  const HEADER = 'Priority,Priority title,Reference,Action,RAG Nov 16 (2016-11-30),RAG Current (2017-02-28)';
  const planFile = (name: string, rows: string[]): string => {
    const file = join(database.dir, name);
    writeFileSync(file, [HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
    return file;
  };
  const importFile = (plan: string, file: string) => runCli(database.dir, ['import', '--plan', plan, '--file', file], board);
  const eventCount = (): number => {
    const verified = runCli(database.dir, ['verify', '--json']);
    expect(verified.status).toBe(0);
    return (JSON.parse(verified.stdout) as { eventCount: number; ok: boolean }).eventCount;
  };
  const actionEvents = (plan: string, ref: string): { type: string; data: Record<string, unknown> }[] =>
    runCli(database.dir, ['events', '--plan', plan, '--ref', ref, '--json']).stdout.trim().split('\n').map((line) => JSON.parse(line));

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    board = asToken(cliToken(database.dir, 'board.chair', 'board'));
  });
  afterAll(() => database.remove());

  it('records a Cyrillic С as completed, "dg " as DG and a Greek Α as A, and says so by row and column', () => {
    const file = planFile('council-plan.csv', [
      '1,Workforce,1.1,Caseloads,A,С', // the completed column in Cyrillic, as in the council's report
      '1,Workforce,1.2,Supervision,"dg ",DG',
      '1,Workforce,1.3,Audits,Α,R',
    ]);
    const result = importFile('council-plan', file);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Note: row 2, column "RAG Current (2017-02-28)": "С" read as C: "С" (U+0421, a Cyrillic letter) taken as C');
    // The file reader trims each cell, so the note shows the cell without its space.
    expect(result.stdout).toContain('Note: row 3, column "RAG Nov 16 (2016-11-30)": "dg" read as DG');
    expect(result.stdout).toContain('Note: row 4, column "RAG Nov 16 (2016-11-30)": "Α" read as A: "Α" (U+0391, a Greek letter) taken as A');

    const completed = actionEvents('council-plan', '1.1').find((e) => e.type === 'CompletionImported')!;
    expect(completed.data).toMatchObject({ code: 'C', codeAsTyped: 'С' });
    const dg = actionEvents('council-plan', '1.2').find((e) => e.type === 'RatingChanged')!;
    expect(dg.data).toMatchObject({ code: 'DG' });
    expect(dg.data).not.toHaveProperty('codeAsTyped');
    const greek = actionEvents('council-plan', '1.3').find((e) => e.type === 'RatingChanged')!;
    expect(greek.data).toMatchObject({ code: 'A', codeAsTyped: 'Α' });

    // The reports show the plan's codes: 1.1 completed, with the cell as typed in its history.
    const register = JSON.parse(runCli(database.dir, ['report', 'completion-register', '--plan', 'council-plan', '--format', 'json']).stdout);
    expect(JSON.stringify(register)).toContain('"1.1"');
    const history = JSON.parse(runCli(database.dir, ['report', 'history', '--plan', 'council-plan', '--ref', '1.1', '--format', 'json']).stdout);
    expect(history.entries.map((e: { summary: string }) => e.summary)).toContainEqual(expect.stringMatching(/^Completed \(C\), typed as "С" \(U\+0421\) — imported/));
  });

  it('reads a code typed on the command line by the same rule, printing the note, and refuses Ж with exit code 2', () => {
    const lead = asToken(cliToken(database.dir, 'lead.jo', 'lead'));
    const rated = runCli(database.dir, ['rate', '--plan', 'council-plan', '--ref', '1.3', '--code', 'Ａ'], lead);
    expect(rated.stderr).toBe('');
    expect(rated.status).toBe(0);
    expect(rated.stdout).toContain('Note: "Ａ" read as A: "Ａ" (U+FF21, a fullwidth Latin letter) taken as A');
    expect(actionEvents('council-plan', '1.3').at(-1)).toMatchObject({ type: 'RatingChanged', data: { code: 'A', codeAsTyped: 'Ａ' } });
    const before = eventCount();
    const refused = runCli(database.dir, ['rate', '--plan', 'council-plan', '--ref', '1.3', '--code', 'Ж'], lead);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('code: "Ж" (U+0416, a Cyrillic letter) is not on this plan\'s RAG scale; use one of R, A, LG, DG');
    expect(eventCount()).toBe(before);
  });

  it.each([
    ['a Cyrillic Ж', 'Ж', '"Ж" (U+0416, a Cyrillic letter) is not on this plan\'s RAG scale'],
    ['an emoji', '🟢', '"🟢" (U+1F7E2, an emoji) is not on this plan\'s RAG scale'],
    ['a zero-width space inside A', 'A\u200b', 'U+200B (an invisible formatting character) is not a letter of any code'],
    ['a combining mark on A', 'A\u0301', 'U+0301 (a combining mark) is not a letter of any code'],
  ])('refuses a file with %s, naming row, column and code point, appending nothing', (_name, cell, message) => {
    const before = eventCount();
    const file = planFile('refused-plan.csv', ['1,Workforce,1.1,Caseloads,A,R', `1,Workforce,1.2,Supervision,R,${cell}`]);
    const result = importFile('refused-plan', file);
    expect(result.status).toBe(2);
    const problem = result.stderr.split('\n').find((line) => line.includes('row 3, column "RAG Current (2017-02-28)": '));
    expect(problem).toContain(message);
    expect(result.stderr).toContain('use one of TBC, R, A, LG, DG, C');
    expect(eventCount()).toBe(before);
  });
});
