import { existsSync } from 'node:fs';
import { CLI, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/** The CLI end to end, as a QA officer or action lead would use it, on a real SQLite file. */
describe('plan-audit CLI', () => {
  const database = tempDatabase('cli');
  const cli = (...args: string[]) => runCli(database.dir, args);
  const as = (actor: string, role: string) => ['--actor', actor, '--role', role];

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
  });
  afterAll(() => database.remove());

  it('records a plan, an action, a rating, evidence and a sign-off, with the actor on each event', () => {
    const steps: string[][] = [
      ['create-plan', '--plan', 'sunderland-2017', '--title', 'Learning and Improvement Plan', '--council', 'Sunderland', '--scale', 'sunderland-5', ...as('admin.pat', 'admin')],
      ['add-priority', '--plan', 'sunderland-2017', '--number', '1', '--title', 'Recruiting, retaining and developing a skilled and confident social care workforce', ...as('board.chair', 'board')],
      ['add-action', '--plan', 'sunderland-2017', '--ref', '1.6', '--priority', '1', '--ofsted', 'Ofsted 8', '--title', 'Determine manageable caseloads for social workers', '--initial-rating', 'DG', ...as('board.chair', 'board')],
      ['rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'DG', '--commentary', 'Average caseload 17 or less in December 2016', ...as('lead.jo', 'lead')],
      ['submit-evidence', '--plan', 'sunderland-2017', '--ref', '1.6', '--evidence', 'ev-caseloads', '--title', 'Caseload report, December 2016', ...as('lead.jo', 'lead')],
      ['accept-evidence', '--plan', 'sunderland-2017', '--ref', '1.6', '--evidence', 'ev-caseloads', ...as('qa.sam', 'qa')],
      ['sign-off', '--plan', 'sunderland-2017', '--ref', '1.6', '--commentary', 'Completed and evidenced', ...as('qa.sam', 'qa')],
    ];
    for (const step of steps) {
      const result = cli(...step);
      expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Recorded /);
    }

    const listed = cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json');
    expect(listed.status).toBe(0);
    const events = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual(['ActionAdded', 'RatingChanged', 'RatingChanged', 'EvidenceSubmitted', 'EvidenceAccepted', 'ActionCompleted']);
    expect(events.map((e) => e.metadata.actor.id)).toEqual(['board.chair', 'board.chair', 'lead.jo', 'lead.jo', 'qa.sam', 'qa.sam']);
    expect(events.every((e) => e.metadata.source === 'cli')).toBe(true);

    const human = cli('events', 'plan-sunderland-2017');
    expect(human.stdout).toMatch(/PlanCreated effective \d{4}-\d{2}-\d{2} recorded .* by admin\.pat \(admin\) via cli/);

    const verified = cli('verify');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/Verified 9 events in 2 streams: every hash and chain link is intact/);
  });

  it('refuses a write without an actor, saying which option is missing', () => {
    const result = cli('rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'A');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/required option '--actor <id>' not specified/);
  });

  it('answers bad input with exit code 2 and each field named, and appends nothing', () => {
    const before = cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json').stdout;
    const result = cli('reopen', '--plan', 'sunderland-2017', '--ref', '1.6', ...as('qa.sam', 'qa'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Invalid input:\n  - reason: say why action 1.6 is being reopened/);
    expect(cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json').stdout).toBe(before);
  });

  it('answers a broken rule with exit code 5 and what to do instead', () => {
    const result = cli('rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'A', ...as('lead.jo', 'lead'));
    expect(result.status).toBe(5);
    expect(result.stderr).toMatch(/Refused: Action 1.6 was completed on .*; reopen it \(with a reason\)/);
  });

  it('answers a role that may not do this with exit code 3', () => {
    const result = cli('add-action', '--plan', 'sunderland-2017', '--ref', '1.7', '--priority', '1', '--title', 'x', ...as('ofsted.hmi', 'inspector'));
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/Not permitted: ofsted\.hmi \(inspector\) may not add an action/);
  });
});
