import { existsSync } from 'node:fs';
import { CLI, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/** Four eyes and plan settings from the command line, on a real SQLite file: a refusal is exit code 5 and appends nothing. */
describe('plan-audit CLI: separation of duties and plan settings', () => {
  const database = tempDatabase('cli-four-eyes');
  const cli = (...args: string[]) => runCli(database.dir, args);
  const as = (actor: string, role: string) => ['--actor', actor, '--role', role];
  const plan = ['--plan', 'four-eyes'];
  const eventCount = () => /Verified (\d+) events/.exec(cli('verify').stdout)?.[1];
  const refusedWith5 = (args: string[], message: RegExp) => {
    const before = eventCount();
    expect(before).toMatch(/^\d+$/);
    const result = cli(...args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 5, stderr: expect.stringMatching(message) });
    expect(eventCount()).toBe(before);
  };
  const done = (args: string[]) => {
    const result = cli(...args);
    expect({ step: args[0], status: result.status, stderr: result.stderr }).toEqual({ step: args[0], status: 0, stderr: '' });
  };

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    done(['create-plan', ...plan, '--title', 'Plan', '--council', 'Council', '--scale', 'sunderland-5', '--sign-off-role', 'board', ...as('board.chair', 'board')]);
    done(['add-priority', ...plan, '--number', '1', '--title', 'Workforce', ...as('board.chair', 'board')]);
    done(['add-action', ...plan, '--ref', '1.1', '--priority', '1', '--title', 'Caseloads', ...as('board.chair', 'board')]);
    done(['add-action', ...plan, '--ref', '1.2', '--priority', '1', '--title', 'Supervision', '--lead', 'Principal Social Worker', '--lead-user', 'board.member', ...as('board.chair', 'board')]);
  });
  afterAll(() => database.remove());

  it('refuses the submitter reviewing their own evidence, and a sign-off by the submitter (exit 5)', () => {
    done(['submit-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', '--title', 'Caseload report', ...as('board.chair', 'board')]);
    refusedWith5(['accept-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', ...as('board.chair', 'board')], /^Refused: board\.chair submitted evidence ev-1, so cannot accept it: separation of duties/);
    refusedWith5(['reject-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', '--reason', 'wrong quarter', ...as('board.chair', 'board')], /cannot reject it/);
    done(['accept-evidence', ...plan, '--ref', '1.1', '--evidence', 'ev-1', ...as('board.member', 'board')]);
    refusedWith5(['sign-off', ...plan, '--ref', '1.1', ...as('board.chair', 'board')], /board\.chair submitted evidence ev-1 that the sign-off of action 1\.1 rests on/);
    done(['sign-off', ...plan, '--ref', '1.1', ...as('board.member', 'board')]);
  });

  it("refuses the action's lead user signing it off (exit 5)", () => {
    done(['submit-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-2', '--title', 'Supervision audit', ...as('lead.jo', 'lead')]);
    done(['accept-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-2', ...as('board.chair', 'board')]);
    refusedWith5(['sign-off', ...plan, '--ref', '1.2', ...as('board.member', 'board')], /board\.member leads action 1\.2, so cannot sign it off/);
  });

  it('changes settings with a reason, shown in the plan history; a lead may not (exit 3); nothing to change is exit 5', () => {
    const byLead = cli('plan-settings', ...plan, '--sign-off-role', 'qa', '--reason', 'x', ...as('lead.jo', 'lead'));
    expect(byLead.status).toBe(3);
    expect(cli('plan-settings', ...plan, '--sign-off-role', 'qa', ...as('board.chair', 'board')).stderr).toMatch(/reason: say why/);
    done(['plan-settings', ...plan, '--sign-off-role', 'qa', '--hold', 'DG:3', '--reason', 'The QA service signs off from now on', ...as('board.chair', 'board')]);
    refusedWith5(['plan-settings', ...plan, '--sign-off-role', 'qa', '--reason', 'again', ...as('board.chair', 'board')], /already has these settings/);
    expect(cli('plan-settings', ...plan, '--separation-of-duties', 'maybe', '--reason', 'x', ...as('board.chair', 'board')).stderr).toMatch(/--separation-of-duties: "maybe" should be on or off/);
    const history = cli('events', 'plan-four-eyes').stdout.trim().split('\n');
    expect(history[history.length - 1]).toMatch(
      /PlanSettingsChanged .* by board\.chair \(board\) via cli \{"minimumHold":\{"code":"DG","months":3\},"planId":"four-eyes","signOffRole":"qa"\} — reason: The QA service signs off from now on/,
    );
  });

  it('with four eyes turned off, the same person submits and accepts', () => {
    done(['plan-settings', ...plan, '--sign-off-role', 'board', '--hold', 'none', '--separation-of-duties', 'off', '--reason', 'A board of two during the summer', ...as('board.chair', 'board')]);
    done(['submit-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-3', '--title', 'Second audit', ...as('board.chair', 'board')]);
    done(['accept-evidence', ...plan, '--ref', '1.2', '--evidence', 'ev-3', ...as('board.chair', 'board')]);
  });
});
