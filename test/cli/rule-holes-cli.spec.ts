import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/**
 * The rule holes of issue 25, closed, through the built CLI on a real SQLite file: each refusal
 * has the CLI's exit code for its HTTP status and appends nothing; submitting evidence and
 * adding a milestone print the new item's id, so the next command needs no look-up.
 */
describe('rule holes closed (issue 25), through the CLI', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(180_000);
  const database = tempDatabase('rule-holes-cli');
  const PLAN = 'cli-holes';
  const people = { 'board.chair': 'board', 'lead.jo': 'lead', 'qa.sam': 'qa' } as const;
  const tokens: Record<string, string> = {};
  const as = (id: keyof typeof people, ...args: string[]) => runCli(database.dir, args, asToken(tokens[id]));
  /** The events in the data folder's SQLite file, read as it is (the CLI has no command that lists every stream). */
  const eventCount = (): number => {
    const db = new Database(database.file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const backdated = ['--effective', '2024-01-01', '--reason', 'set up'];

  /** Refused with `status`, appending nothing: what the CLI said. */
  function refused(status: number, who: keyof typeof people, ...args: string[]): string {
    const before = eventCount();
    const result = as(who, ...args);
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status, stdout: '' });
    expect(eventCount()).toBe(before);
    return result.stderr;
  }

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    for (const [id, role] of Object.entries(people)) tokens[id] = cliToken(database.dir, id, role);
    for (const step of [
      ['create-plan', '--plan', PLAN, '--title', 'Plan', '--council', 'Council', '--scale', 'sunderland-5', ...backdated],
      ['add-priority', '--plan', PLAN, '--number', '1', '--title', 'Workforce', ...backdated],
      ['add-action', '--plan', PLAN, '--ref', '1.1', '--priority', '1', '--title', 'Caseloads', ...backdated],
      ['create-plan', '--plan', 'cli-projects', '--title', 'Projects', '--council', 'Council', '--scale', 'rag', '--rating-method', 'criteria', ...backdated],
      ['add-priority', '--plan', 'cli-projects', '--number', '1', '--title', 'Projects', ...backdated],
      ['add-action', '--plan', 'cli-projects', '--ref', 'P1', '--priority', '1', '--title', 'Project 1', ...backdated],
    ]) {
      const result = as('board.chair', ...step);
      if (result.status !== 0) throw new Error(`${step[0]}: ${result.stderr}`);
    }
  });
  afterAll(() => database.remove());

  it('submit-evidence prints the id the server made up, and accept-evidence takes it', () => {
    const before = eventCount();
    const submitted = as('lead.jo', 'submit-evidence', '--plan', PLAN, '--ref', '1.1', '--title', 'Caseload report');
    expect(submitted.status).toBe(0);
    expect(submitted.stdout).toMatch(/^Recorded EvidenceSubmitted in action-cli-holes\/1\.1 .*\nEvidence id: ev-[0-9a-f]{8}\n$/);
    const evidenceId = /Evidence id: (ev-[0-9a-f]{8})/.exec(submitted.stdout)![1];
    const accepted = as('qa.sam', 'accept-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', evidenceId);
    expect({ status: accepted.status, stderr: accepted.stderr }).toEqual({ status: 0, stderr: '' });
    const asJson = as('lead.jo', 'submit-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-minutes', '--title', 'Minutes', '--json');
    expect(JSON.parse(asJson.stdout)).toMatchObject({ evidenceId: 'ev-minutes', events: [{ type: 'EvidenceSubmitted' }] });
    // The count the refusals below compare is the log's: each of these three was appended.
    expect(eventCount()).toBe(before + 3);
  });

  it('add-milestone: a lead is refused with the rule (exit 3); the board adds it and is told its id', () => {
    expect(refused(3, 'lead.jo', 'add-milestone', '--plan', PLAN, '--ref', '1.1', '--title', 'Recruit two managers')).toMatch(
      /^Not permitted: lead\.jo \(lead\) may not add a milestone \(milestones shape the plan, which the board does; a lead updates a milestone's status\); this needs the role board/,
    );
    const added = as('board.chair', 'add-milestone', '--plan', PLAN, '--ref', '1.1', '--title', 'Recruit two managers');
    expect(added.stdout).toMatch(/\nMilestone id: ms-[0-9a-f]{8}\n$/);
    const milestoneId = /Milestone id: (ms-[0-9a-f]{8})/.exec(added.stdout)![1];
    expect(as('lead.jo', 'milestone-status', '--plan', PLAN, '--ref', '1.1', '--milestone', milestoneId, '--status', 'On Track').status).toBe(0);
  });

  it('rate --code Completed is told which command completes an action (exit 2)', () => {
    expect(refused(2, 'lead.jo', 'rate', '--plan', PLAN, '--ref', '1.1', '--code', 'Completed')).toContain(
      '- code: "Completed" is C (Completed), which is reached only when the plan\'s sign-off role signs the action off on accepted evidence (sign-off in the CLI',
    );
  });

  it('reporting-point before the plan began is refused, naming the date (exit 2)', () => {
    expect(refused(2, 'board.chair', 'reporting-point', '--plan', PLAN, '--label', 'Nov 23', '--date', '2023-11-30')).toContain('- date: 2023-11-30 is before plan cli-holes took effect (2024-01-01)');
  });

  it('correct-rating on a rating derived from the criteria is refused, naming the way (exit 2)', () => {
    const assessed = as('lead.jo', 'assess-criteria', '--plan', 'cli-projects', '--ref', 'P1', '--met', 'clearScope,clearResourceRequirements,projectPlanDeveloped,ambitiousDeliveryTimescales', '--json');
    expect(assessed.status).toBe(0);
    const rating = (JSON.parse(assessed.stdout) as { events: { type: string; eventId: string }[] }).events.find((e) => e.type === 'RatingChanged')!;
    expect(refused(2, 'lead.jo', 'correct-rating', '--plan', 'cli-projects', '--ref', 'P1', '--event', rating.eventId, '--code', 'G', '--reason', 'it was green')).toMatch(
      /- code: rating \S+ of action P1 was derived from the five criteria on \d{4}-\d{2}-\d{2}, so its code is not set by hand; if a criterion was answered wrongly, assess the criteria again/,
    );
  });
});
