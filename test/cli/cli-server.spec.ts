import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cliToken, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

const PLAN = 'remote-plan';

/**
 * The gh/kubectl way: with PLAN_AUDIT_SERVER set, a write command goes to the
 * running server over HTTP with the user's token, so a user on another machine
 * needs no access to the data folder. The server proves who the token belongs
 * to; its refusals come back with the CLI's own exit codes.
 */
describe('plan-audit CLI against a running server (PLAN_AUDIT_SERVER)', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-server');
  // The remote user's machine: a data folder of its own that must stay untouched.
  const elsewhere = mkdtempSync(join(tmpdir(), 'plan-audit-cli-elsewhere-'));
  const tokens: Record<string, string> = {};
  let server: RunningServer;
  const remote = (who: string, ...args: string[]) => runCli(elsewhere, args, { PLAN_AUDIT_SERVER: server.baseUrl, PLAN_AUDIT_TOKEN: tokens[who] ?? who });
  const head = async () => ((await (await fetch(`${server.baseUrl}/api/health`)).json()) as { headPosition: number }).headPosition;
  const events = (ref: string) =>
    runCli(database.dir, ['events', '--plan', PLAN, '--ref', ref, '--json']).stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; metadata: { actor: unknown; source: string } });

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    for (const [id, role] of [['board.chair', 'board'], ['lead.jo', 'lead'], ['qa.sam', 'qa']]) tokens[id] = cliToken(database.dir, id, role);
    server = await startServer(database.dir, { LOAD_EXAMPLE: '' });
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('records each write on the server as the token holder, in the role on their record', () => {
    const steps: [string, string[]][] = [
      ['board.chair', ['create-plan', '--plan', PLAN, '--title', 'Remote plan', '--council', 'Testshire', '--scale', 'sunderland-5']],
      ['board.chair', ['add-priority', '--plan', PLAN, '--number', '1', '--title', 'Workforce']],
      ['board.chair', ['amend-priority', '--plan', PLAN, '--number', '1', '--outcome', 'Manageable caseloads']],
      ['board.chair', ['add-action', '--plan', PLAN, '--ref', '1.1', '--priority', '1', '--title', 'Caseloads']],
      ['lead.jo', ['rate', '--plan', PLAN, '--ref', '1.1', '--code', 'A', '--commentary', 'On track']],
      ['lead.jo', ['submit-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1', '--title', 'Caseload report']],
      ['qa.sam', ['accept-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1']],
    ];
    for (const [who, step] of steps) {
      const result = remote(who, ...step);
      expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Recorded /);
      expect(result.stdout).toContain(` as ${who} (`);
    }
    const recorded = events('1.1');
    expect(recorded.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['ActionAdded', { id: 'board.chair', role: 'board' }],
      ['RatingChanged', { id: 'lead.jo', role: 'lead' }],
      ['EvidenceSubmitted', { id: 'lead.jo', role: 'lead' }],
      ['EvidenceAccepted', { id: 'qa.sam', role: 'qa' }],
    ]);
    expect(recorded.every((e) => e.metadata.source === 'api')).toBe(true);
    // Nothing was opened or created in the remote user's own data folder.
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('maps the route from the spec: the path names the action and the milestone, the rest is the body', async () => {
    const result = remote('lead.jo', 'milestone-status', '--plan', PLAN, '--ref', '1.1', '--milestone', 'm-none', '--status', 'On Track', '--json');
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^Not found: /);
    // Milestones shape the plan: the board adds them (issue 25), and a lead updates their status.
    const before = await head();
    const byLead = remote('lead.jo', 'add-milestone', '--plan', PLAN, '--ref', '1.1', '--milestone', 'm-1', '--title', 'Audit caseloads');
    expect(byLead.status).toBe(3);
    expect(byLead.stderr).toMatch(/^Not permitted: lead\.jo \(lead\) may not add a milestone \(milestones shape the plan, which the board does; a lead updates a milestone's status\); this needs the role board/);
    expect(await head()).toBe(before);
    const added = remote('board.chair', 'add-milestone', '--plan', PLAN, '--ref', '1.1', '--milestone', 'm-1', '--title', 'Audit caseloads', '--json');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ streamId: `action-${PLAN}/1.1`, milestoneId: 'm-1', recordedAs: { id: 'board.chair', role: 'board' }, events: [{ type: 'MilestoneAdded' }] });
    const changed = remote('lead.jo', 'milestone-status', '--plan', PLAN, '--ref', '1.1', '--milestone', 'm-1', '--status', 'On Track');
    expect(changed.stdout).toMatch(/^Recorded MilestoneStatusChanged .* as lead\.jo \(lead\)\n$/);
  });

  describe("the server's refusals, with the CLI's exit codes and nothing appended", () => {
    let before: number;
    beforeEach(async () => {
      before = await head();
    });
    afterEach(async () => expect(await head()).toBe(before));

    it('a token the server does not know: exit 3', () => {
      const result = remote(`pat_${'x'.repeat(43)}`, 'rate', '--plan', PLAN, '--ref', '1.1', '--code', 'G');
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/^Not authenticated: The server at http:\/\/127\.0\.0\.1:\d+ does not accept PLAN_AUDIT_TOKEN/);
    });

    it('no token: exit 3, saying a token is needed', () => {
      const result = runCli(elsewhere, ['rate', '--plan', PLAN, '--ref', '1.1', '--code', 'G'], { PLAN_AUDIT_SERVER: server.baseUrl, PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: 'not used with a server' });
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/^Not authenticated: With PLAN_AUDIT_SERVER set, the server needs your API token: set PLAN_AUDIT_TOKEN/);
    });

    it('403 → exit 3: a lead signing off', () => {
      const result = remote('lead.jo', 'sign-off', '--plan', PLAN, '--ref', '1.1');
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/^Not permitted: lead\.jo \(lead\) may not/);
    });

    it('400 → exit 2, each field named', () => {
      // A date the CLI reads (it refuses one it cannot before sending anything) but the server refuses: the future.
      const result = remote('lead.jo', 'rate', '--plan', PLAN, '--ref', '1.1', '--code', 'G', '--effective', '01/01/2999');
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^Invalid input:\n  - effectiveAt: 2999-01-01 is in the future/);
    });

    it('404 → exit 4', () => {
      const result = remote('lead.jo', 'rate', '--plan', PLAN, '--ref', '9.9', '--code', 'G');
      expect(result.status).toBe(4);
      expect(result.stderr).toMatch(/^Not found: No such action/);
    });

    it('409 → exit 5, with the rule', () => {
      const result = remote('board.chair', 'add-priority', '--plan', PLAN, '--number', '1', '--title', 'Again');
      expect(result.status).toBe(5);
      expect(result.stderr).toMatch(/^Refused: Priority 1 already exists/);
    });

    it('a server address over plain http that is not this machine: exit 2, the token is never sent', () => {
      const result = runCli(elsewhere, ['rate', '--plan', PLAN, '--ref', '1.1', '--code', 'G'], { PLAN_AUDIT_SERVER: 'http://plans.example.gov.uk', PLAN_AUDIT_TOKEN: tokens['lead.jo'] });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/PLAN_AUDIT_SERVER: use https:\/\//);
    });

    it('import has no API route: refused rather than written to the local folder (exit 2)', () => {
      const result = remote('board.chair', 'import', '--plan', 'sunderland-2017', '--file', join(__dirname, '../../examples/sunderland-2017/plan.csv'));
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/PLAN_AUDIT_SERVER: import works on the data folder of the machine it runs on/);
      expect(readdirSync(elsewhere)).toEqual([]);
    });
  });
});
