import { existsSync } from 'node:fs';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { tempDatabase } from '../support/temp-database';

/**
 * Four eyes and plan settings from the command line, on a real SQLite file, each person
 * with their own API token: a refusal is exit code 5 and appends nothing.
 */
describe('plan-audit CLI: separation of duties and plan settings', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-four-eyes');
  const cli = (...args: string[]) => runCli(database.dir, args);
  // The board signs off on this plan, so one board member could otherwise do everything alone.
  const people = { 'board.chair': 'board', 'board.member': 'board', 'lead.jo': 'lead' };
  const tokens: Record<string, string> = {};
  const as = (id: keyof typeof people, ...args: string[]) => runCli(database.dir, args, asToken(tokens[id]));
  const plan = ['--plan', 'four-eyes'];
  const eventCount = () => /Verified (\d+) events/.exec(cli('verify').stdout)?.[1];
  const refusedWith5 = (who: keyof typeof people, args: string[], message: RegExp) => {
    const before = eventCount();
    expect(before).toMatch(/^\d+$/);
    const result = as(who, ...args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 5, stderr: expect.stringMatching(message) });
    expect(eventCount()).toBe(before);
  };
  const done = (who: keyof typeof people, args: string[]) => {
    const result = as(who, ...args);
    expect({ step: args[0], status: result.status, stderr: result.stderr }).toEqual({ step: args[0], status: 0, stderr: '' });
  };

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    for (const [id, role] of Object.entries(people)) tokens[id] = cliToken(database.dir, id, role);
    done('board.chair', ['create-plan', ...plan, '--title', 'Plan', '--council', 'Council', '--scale', 'sunderland-5', '--sign-off-role', 'board']);
    done('board.chair', ['add-priority', ...plan, '--number', '1', '--title', 'Workforce']);
    done('board.chair', ['add-action', ...plan, '--ref', '1.1', '--priority', '1', '--title', 'Caseloads']);
    done('board.chair', ['add-action', ...plan, '--ref', '1.2', '--priority', '1', '--title', 'Supervision', '--lead', 'Principal Social Worker', '--lead-user', 'board.member']);
  });
  afterAll(() => database.remove());

  it('refuses the submitter reviewing their own evidence, and a sign-off by the submitter (exit 5)', () => {
    done('board.chair', ['submit-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', '--title', 'Caseload report']);
    refusedWith5('board.chair', ['accept-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1'], /^Refused: board\.chair submitted evidence ev-1, so cannot accept it: separation of duties.*\(rule: reviewer-not-submitter\)$/m);
    refusedWith5('board.chair', ['reject-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', '--reason', 'wrong quarter'], /cannot reject it.*\(rule: reviewer-not-submitter\)$/m);
    done('board.member', ['accept-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1']);
    refusedWith5('board.chair', ['sign-off', ...plan, '--ref', '1.1'], /board\.chair submitted evidence ev-1 that the sign-off of action 1\.1 rests on.*\(rule: signer-not-submitter\)$/m);
    done('board.member', ['sign-off', ...plan, '--ref', '1.1']);
  });

  it("refuses the action's lead user signing it off (exit 5)", () => {
    done('lead.jo', ['submit-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-2', '--title', 'Supervision audit']);
    done('board.chair', ['accept-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-2']);
    refusedWith5('board.member', ['sign-off', ...plan, '--ref', '1.2'], /board\.member leads action 1\.2, so cannot sign it off.*\(rule: signer-not-lead\)$/m);
  });

  it('changes settings with a reason, shown in the plan history; a lead may not (exit 3); nothing to change is exit 5', () => {
    const byLead = as('lead.jo', 'plan-settings', ...plan, '--sign-off-role', 'qa', '--reason', 'x');
    expect({ status: byLead.status, stderr: byLead.stderr }).toEqual({ status: 3, stderr: expect.stringMatching(/lead\.jo \(lead\) may not change the plan's settings/) });
    expect(as('board.chair', 'plan-settings', ...plan, '--sign-off-role', 'qa').stderr).toMatch(/reason: say why/);
    done('board.chair', ['plan-settings', ...plan, '--sign-off-role', 'qa', '--hold', 'DG:3', '--reason', 'The QA service signs off from now on']);
    refusedWith5('board.chair', ['plan-settings', ...plan, '--sign-off-role', 'qa', '--reason', 'again'], /already has these settings/);
    expect(as('board.chair', 'plan-settings', ...plan, '--separation-of-duties', 'maybe', '--reason', 'x').stderr).toMatch(/--separation-of-duties: "maybe" should be on or off/);
    const history = cli('events', 'plan-four-eyes').stdout.trim().split('\n');
    expect(history[history.length - 1]).toMatch(
      /PlanSettingsChanged .* by board\.chair \(board\) via cli \{"minimumHold":\{"code":"DG","months":3\},"planId":"four-eyes","signOffRole":"qa"\} — reason: The QA service signs off from now on/,
    );
  });

  it('with four eyes turned off, the same person submits and accepts', () => {
    done('board.chair', ['plan-settings', ...plan, '--sign-off-role', 'board', '--hold', 'none', '--separation-of-duties', 'off', '--reason', 'A board of two during the summer']);
    done('board.chair', ['submit-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-3', '--title', 'Second audit']);
    done('board.chair', ['accept-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-3']);
  });
});

/** The same command sent to a running server (PLAN_AUDIT_SERVER): PATCH /api/plans/:planId/settings with the token. */
describe('plan-audit CLI: plan settings through a running server', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-settings-remote');
  let server: RunningServer;
  let token = '';
  const remote = (...args: string[]) => runCli(database.dir, args, { PLAN_AUDIT_SERVER: server.baseUrl, PLAN_AUDIT_TOKEN: token });

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npm run build" first (npm test does this for you)');
    token = cliToken(database.dir, 'board.chair', 'board');
    server = await startServer(database.dir, { LOAD_EXAMPLE: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
  });

  it('changes the sign-off role on the server as the token holder, and a repeat is refused with exit code 5', () => {
    expect(remote('create-plan', '--plan', 'remote-settings', '--title', 'Plan', '--council', 'Council', '--scale', 'rag-completed', '--sign-off-role', 'board').status).toBe(0);
    const changed = remote('plan-settings', '--plan', 'remote-settings', '--sign-off-role', 'qa', '--reason', 'QA signs off from now on', '--json');
    expect({ status: changed.status, stderr: changed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(changed.stdout)).toMatchObject({ streamId: 'plan-remote-settings', recordedAs: { id: 'board.chair', role: 'board' }, events: [{ type: 'PlanSettingsChanged' }] });
    const again = remote('plan-settings', '--plan', 'remote-settings', '--sign-off-role', 'qa', '--reason', 'again');
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 5, stderr: expect.stringMatching(/already has these settings/) });
  });
});
