import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

/** `plan-audit bundle` on a real data folder, checked by the standalone verifier in its own process. */
describe('plan-audit bundle', () => {
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-bundle');
  const cli = (...args: string[]) => runCli(database.dir, args);
  const tokens: Record<string, string> = {};
  const as = (id: string, ...args: string[]) => runCli(database.dir, args, asToken(tokens[id]));
  const verify = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '../../tools/verify-export.js'), ...args], { encoding: 'utf8', timeout: 60000 });

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    tokens['board.chair'] = cliToken(database.dir, 'board.chair', 'board');
    tokens['lead.jo'] = cliToken(database.dir, 'lead.jo', 'lead');
    for (const [who, step] of [
      ['board.chair', ['create-plan', '--plan', 'sunderland-2017', '--title', 'Plan', '--council', 'Sunderland', '--scale', 'sunderland-5']],
      ['board.chair', ['add-priority', '--plan', 'sunderland-2017', '--number', '1', '--title', 'Workforce']],
      ['board.chair', ['add-action', '--plan', 'sunderland-2017', '--ref', '1.6', '--priority', '1', '--title', 'Caseloads', '--initial-rating', 'DG']],
    ] as [string, string[]][]) {
      expect(as(who, ...step).status).toBe(0);
    }
  });
  afterAll(() => database.remove());

  it("writes an action's history bundle the verifier accepts, and refuses, naming what to do, when no checkpoint covers it", () => {
    const out = join(database.dir, 'history.json');
    const none = cli('bundle', '--plan', 'sunderland-2017', '--ref', '1.6', '--out', out);
    expect(none.status).toBe(4);
    expect(none.stderr).toMatch(/no signed checkpoint yet/);
    expect(cli('checkpoint').status).toBe(0);
    const key = join(database.dir, 'council.pem');
    expect(cli('public-key', '--out', key).status).toBe(0);
    const made = cli('bundle', '--plan', 'sunderland-2017', '--ref', '1.6', '--out', out);
    expect(made.stderr).toBe('');
    const signed = Number(/Wrote .*history.json: 2 event\(s\), each with its audit path to the checkpoint of (\d+) events/.exec(made.stdout)![1]);
    const run = verify(out, '--public-key', key);
    expect(run.stdout).toMatch(/Bundle: the history of action 1.6 of plan sunderland-2017 \(stream action-sunderland-2017\/1.6, 2 events\)[\s\S]*RESULT: intact/);
    expect(run.status).toBe(0);

    expect(as('lead.jo', 'rate', '--plan', 'sunderland-2017', '--ref', '1.6', '--code', 'DG', '--commentary', 'Caseloads at 17').status).toBe(0);
    const late = cli('bundle', '--plan', 'sunderland-2017', '--ref', '1.6', '--out', join(database.dir, 'late.json'));
    expect(late.status).toBe(5);
    expect(late.stderr).toMatch(new RegExp(`1 of the 3 events asked for was recorded after the newest checkpoint \\(${signed} events`));
    expect(existsSync(join(database.dir, 'late.json'))).toBe(false);

    expect(cli('checkpoint').status).toBe(0);
    const report = join(database.dir, 'report.json');
    expect(cli('bundle', '--plan', 'sunderland-2017', '--report', 'plan-state', '--from-size', String(signed), '--out', report).status).toBe(0);
    const bundle = JSON.parse(readFileSync(report, 'utf8'));
    expect(bundle).toMatchObject({ subject: { kind: 'report', name: 'plan-state' }, consistency: { fromSize: signed }, report: { data: { planId: 'sunderland-2017' } } });
    expect(bundle.events.map((e: { event: { type: string } }) => e.event.type)).toEqual(['PlanCreated', 'RagScaleDefined', 'PriorityAdded', 'ActionAdded', 'RatingChanged', 'RatingChanged']);
    expect(verify(report, '--public-key', key).status).toBe(0);
  });
});
