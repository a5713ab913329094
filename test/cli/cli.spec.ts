import { existsSync } from 'node:fs';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/** The CLI end to end, as a QA officer or action lead would use it, on a real SQLite file. */
describe('plan-audit CLI', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(180_000);
  const database = tempDatabase('cli');
  const cli = (...args: string[]) => runCli(database.dir, args);
  // Each person runs the CLI with their own API token; the role comes from their user record.
  const people = { 'admin.pat': 'admin', 'board.chair': 'board', 'lead.jo': 'lead', 'qa.sam': 'qa', 'ofsted.hmi': 'inspector' };
  const tokens: Record<string, string> = {};
  const as = (id: keyof typeof people, ...args: string[]) => runCli(database.dir, args, asToken(tokens[id]));

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    for (const [id, role] of Object.entries(people)) tokens[id] = cliToken(database.dir, id, role);
  });
  afterAll(() => database.remove());

  it('records a plan, an action, a rating, evidence and a sign-off, with the actor on each event', () => {
    const steps: [keyof typeof people, string[]][] = [
      ['admin.pat', ['create-plan', '--plan', 'sunderland-2017', '--title', 'Learning and Improvement Plan', '--council', 'Sunderland', '--scale', 'sunderland-5']],
      ['board.chair', ['add-priority', '--plan', 'sunderland-2017', '--number', '1', '--title', 'Recruiting, retaining and developing a skilled and confident social care workforce']],
      ['board.chair', ['add-action', '--plan', 'sunderland-2017', '--ref', '1.6', '--priority', '1', '--ofsted', 'Ofsted 8', '--title', 'Determine manageable caseloads for social workers', '--initial-rating', 'DG']],
      ['lead.jo', ['rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'DG', '--commentary', 'Average caseload 17 or less in December 2016']],
      ['lead.jo', ['submit-evidence', '--plan', 'sunderland-2017', '--ref', '1.6', '--evidence', 'ev-caseloads', '--title', 'Caseload report, December 2016']],
      ['qa.sam', ['accept-evidence', '--plan', 'sunderland-2017', '--ref', '1.6', '--evidence', 'ev-caseloads']],
      ['qa.sam', ['sign-off', '--plan', 'sunderland-2017', '--ref', '1.6', '--commentary', 'Completed and evidenced']],
    ];
    for (const [who, step] of steps) {
      const result = as(who, ...step);
      expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Recorded /);
      expect(result.stdout).toContain(` as ${who} (${people[who]})\n`);
    }

    const listed = cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json');
    expect(listed.status).toBe(0);
    const events = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual(['ActionAdded', 'RatingChanged', 'RatingChanged', 'EvidenceSubmitted', 'EvidenceAccepted', 'ActionCompleted']);
    expect(events.map((e) => e.metadata.actor)).toEqual([
      { id: 'board.chair', role: 'board' },
      { id: 'board.chair', role: 'board' },
      { id: 'lead.jo', role: 'lead' },
      { id: 'lead.jo', role: 'lead' },
      { id: 'qa.sam', role: 'qa' },
      { id: 'qa.sam', role: 'qa' },
    ]);
    expect(events.every((e) => e.metadata.source === 'cli')).toBe(true);

    const human = cli('events', 'plan-sunderland-2017');
    expect(human.stdout).toMatch(/PlanCreated effective \d{4}-\d{2}-\d{2} recorded .* by admin\.pat \(admin\) via cli/);

    const verified = cli('verify');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/Verified 9 events in 2 streams: every hash and chain link is intact/);
  });

  it('refuses a write without credentials, saying how to identify yourself (exit code 3)', () => {
    const result = cli('rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'A');
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/Not authenticated: .*set PLAN_AUDIT_TOKEN to your API token, or PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD/);
  });

  it('answers bad input with exit code 2 and each field named, and appends nothing', () => {
    const before = cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json').stdout;
    const result = as('qa.sam', 'reopen', '--plan', 'sunderland-2017', '--ref', '1.6');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Invalid input:\n  - reason: say why action 1.6 is being reopened/);
    expect(cli('events', '--plan', 'sunderland-2017', '--ref', '1.6', '--json').stdout).toBe(before);
  });

  it('answers a broken rule with exit code 5 and what to do instead', () => {
    const result = as('lead.jo', 'rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'A');
    expect(result.status).toBe(5);
    expect(result.stderr).toMatch(/Refused: Action 1.6 was completed on .*; reopen it \(with a reason\)/);
  });

  it('answers a role that may not do this with exit code 3', () => {
    const result = as('ofsted.hmi', 'add-action', '--plan', 'sunderland-2017', '--ref', '1.7', '--priority', '1', '--title', 'x');
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/Not permitted: ofsted\.hmi \(inspector\) may not add an action/);
  });
});
