import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * Milestones at the CLI, as a programme manager types them: `add-milestone --due "Sept 17"` (and
 * "TBC") recorded as written; a month without its year refused with exit code 2 naming dueDate,
 * nothing appended; the milestone reports printed as tables with the dates as written.
 */
describe('plan-audit add-milestone and the milestone reports', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-milestones');
  let board: Record<string, string>;
  const PLAN = 'cli-milestones';
  const eventCount = (): number => (JSON.parse(runCli(database.dir, ['verify', '--json']).stdout) as { eventCount: number }).eventCount;
  const addMilestone = (...args: string[]) => runCli(database.dir, ['add-milestone', '--plan', PLAN, '--ref', '1.1', '--effective', '2017-09-30', '--reason', 'from the plan', ...args], board);

  beforeAll(() => {
    board = { PLAN_AUDIT_TOKEN: cliToken(database.dir, 'board.clerk', 'board') };
    const file = join(database.dir, 'plan.csv');
    writeFileSync(file, 'Priority,Priority title,Reference,Action,RAG Sept 17 (2017-09-30)\r\n1,Workforce,1.1,CSW workforce plan developed and implemented.,\r\n', 'utf8');
    const imported = runCli(database.dir, ['import', '--plan', PLAN, '--file', file, '--title', 'Plan', '--council', 'Devon', '--scale', 'rag-completed'], board);
    if (imported.status !== 0) throw new Error(imported.stderr);
  });
  afterAll(() => database.remove());

  it('records due dates as the plan writes them, and refuses a month without its year appending nothing', () => {
    expect(addMilestone('--milestone', 'm1', '--title', 'Workforce plan approved by SMT', '--due', 'Sept 17', '--lead', 'MM/SM').status).toBe(0);
    expect(addMilestone('--milestone', 'm2', '--title', 'Progress reporting to SMT', '--due', 'Sept, Nov 17, Jan, March 18', '--lead', 'MM').status).toBe(0);
    expect(addMilestone('--milestone', 'm3', '--title', 'Go live', '--due', 'TBC').status).toBe(0);
    const before = eventCount();
    const refused = addMilestone('--milestone', 'm4', '--title', 'Quarterly statements', '--due', 'July/Oct/Jan/May');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/dueDate: "July\/Oct\/Jan\/May" gives a month without its year/);
    expect(eventCount()).toBe(before);
  });

  it('prints the milestones due in a window and overdue at a date, with the dates as written', () => {
    const due = runCli(database.dir, ['report', 'milestones-due', '--plan', PLAN, '--from', '2017-09-01', '--to', '2017-09-30']);
    expect(due.status).toBe(0);
    expect(due.stdout).toContain('| 1.1 | Workforce plan approved by SMT | Sept 17 | MM/SM | Not started |');
    expect(due.stdout).toContain('| 1.1 | Progress reporting to SMT | Sept, Nov 17, Jan, March 18 | MM | Not started |');
    expect(due.stdout).not.toContain('Go live');
    const overdue = runCli(database.dir, ['report', 'milestones-overdue', '--plan', PLAN, '--as-of', '2017-10-01', '--format', 'csv']);
    expect(overdue.stdout.trim().split(/\r?\n/).slice(-2)).toEqual(['1.1,Workforce plan approved by SMT,Sept 17,MM/SM,Not started', '1.1,Progress reporting to SMT,"Sept, Nov 17, Jan, March 18",MM,Not started']);
    const state = runCli(database.dir, ['report', 'plan-state', '--plan', PLAN]);
    expect(state.stdout).toContain('| 1.1 | Go live | TBC |  | Not started |');
  });
});
