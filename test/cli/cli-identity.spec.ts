import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asToken, CLI, cliAdmin, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';

const PLAN = 'identity-plan';
const PASSWORD = 'lead jo passphrase 2017';
const rate = ['rate', '--plan', PLAN, '--ref', '1.1', '--code', 'A', '--commentary', 'On track'];

/**
 * Who did it is proven, not claimed: the CLI records the user behind the token or
 * password in the environment, in the role on their record. Tried as an attacker
 * would: made-up users, wrong passwords, revoked tokens, no credentials, and a lead
 * trying to act as QA. Each is refused with exit code 3 and appends nothing.
 */
describe('plan-audit CLI: who did it is proven', () => {
  // Each step starts the built CLI (about a second each, several on a busy 2-core machine).
  jest.setTimeout(180_000);
  const database = tempDatabase('cli-identity');
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(database.dir, args, env);
  const tokens: Record<string, string> = {};
  /** Every event in the log, counted by the CLI's own verify (which needs no user). */
  const eventCount = (dir = database.dir): number => {
    const verified = runCli(dir, ['verify', '--json']);
    expect(verified.status).toBe(0);
    return (JSON.parse(verified.stdout) as { eventCount: number }).eventCount;
  };

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does this for you)`);
    tokens.board = cliToken(database.dir, 'board.chair', 'board');
    tokens.qa = cliToken(database.dir, 'qa.sam', 'qa');
    const lead = runCli(database.dir, ['add-user', '--id', 'lead.jo', '--role', 'lead'], { ...cliAdmin(database.dir), PLAN_AUDIT_NEW_PASSWORD: PASSWORD });
    expect(lead.status).toBe(0);
    tokens.lead = runCli(database.dir, ['create-token', '--user', 'lead.jo'], cliAdmin(database.dir)).stdout.trim();
    const setup = [
      ['create-plan', '--plan', PLAN, '--title', 'Identity plan', '--council', 'Testshire', '--scale', 'sunderland-5'],
      ['add-priority', '--plan', PLAN, '--number', '1', '--title', 'Workforce'],
      ['add-action', '--plan', PLAN, '--ref', '1.1', '--priority', '1', '--title', 'Manageable caseloads'],
    ];
    for (const step of setup) expect(cli(step, asToken(tokens.board)).stderr).toBe('');
    expect(cli(['submit-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1', '--title', 'Caseload report'], asToken(tokens.lead)).status).toBe(0);
  });
  afterAll(() => database.remove());

  it('records a rating by a lead with a valid token as that lead, in the role lead', () => {
    const before = eventCount();
    const result = cli(rate, asToken(tokens.lead));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Recorded RatingChanged in action-identity-plan\/1\.1 \(event [0-9a-f-]+, effective \d{4}-\d{2}-\d{2}\) as lead\.jo \(lead\)\n$/);
    expect(eventCount()).toBe(before + 1);
    const events = cli(['events', '--plan', PLAN, '--ref', '1.1', '--json']).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events[events.length - 1]).toMatchObject({ type: 'RatingChanged', data: { code: 'A' }, metadata: { actor: { id: 'lead.jo', role: 'lead' }, source: 'cli' } });
  });

  it('records as the user behind PLAN_AUDIT_USER and PLAN_AUDIT_PASSWORD, and says so in --json', () => {
    const result = cli([...rate, '--json'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: PASSWORD });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ streamId: 'action-identity-plan/1.1', recordedAs: { id: 'lead.jo', role: 'lead' }, events: [{ type: 'RatingChanged' }] });
  });

  describe('refused with exit code 3, nothing appended', () => {
    let before: number;
    beforeAll(() => {
      before = eventCount();
    });
    afterEach(() => expect(eventCount()).toBe(before));

    it('a user that does not exist', () => {
      const result = cli(rate, { PLAN_AUDIT_USER: 'nobody.at.all', PLAN_AUDIT_PASSWORD: 'any long passphrase' });
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/^Not authenticated: PLAN_AUDIT_USER nobody\.at\.all and PLAN_AUDIT_PASSWORD do not match a user here\. Nothing was recorded\.\n$/);
      expect(result.stdout).toBe('');
    });

    it('a real user with the wrong password', () => {
      const result = cli(rate, { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: `${PASSWORD}!` });
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Not authenticated: PLAN_AUDIT_USER lead\.jo and PLAN_AUDIT_PASSWORD do not match a user here/);
    });

    it('a user name with no password', () => {
      const result = cli(rate, { PLAN_AUDIT_USER: 'lead.jo' });
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Not authenticated: PLAN_AUDIT_USER lead\.jo and PLAN_AUDIT_PASSWORD do not match/);
    });

    it('a token that was revoked (it worked until then)', () => {
      const token = runCli(database.dir, ['create-token', '--user', 'lead.jo', '--name', 'to-revoke'], cliAdmin(database.dir)).stdout.trim();
      expect(cli(rate, asToken(token)).status).toBe(0);
      before = eventCount();
      // The lead revokes it, as a user whose token has leaked would (revoke-token, with the token itself).
      const listed = cli(['tokens', '--json'], asToken(token)).stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; name: string });
      const id = listed.find((t) => t.name === 'to-revoke')!.id;
      expect(cli(['revoke-token', '--id', String(id)], asToken(token)).status).toBe(0);
      expect(eventCount()).toBe(before);
      const result = cli(rate, asToken(token));
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Not authenticated: PLAN_AUDIT_TOKEN is not a valid token here: it is unknown, revoked, or its user is disabled/);
    });

    it('a token that was never issued', () => {
      const result = cli(rate, asToken(`pat_${'x'.repeat(43)}`));
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Not authenticated: PLAN_AUDIT_TOKEN is not a valid token here/);
    });

    it('no credentials at all, with how to give them', () => {
      const result = cli(rate);
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Not authenticated: This command records who did it, so say who you are: set PLAN_AUDIT_TOKEN/);
    });

    it('a lead accepting evidence or signing off as QA: the role is the one on their record', () => {
      const accept = cli(['accept-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1'], asToken(tokens.lead));
      expect(accept.status).toBe(3);
      expect(accept.stderr).toMatch(/^Not permitted: lead\.jo \(lead\) may not/);
      const signOff = cli(['sign-off', '--plan', PLAN, '--ref', '1.1'], { PLAN_AUDIT_USER: 'lead.jo', PLAN_AUDIT_PASSWORD: PASSWORD });
      expect(signOff.status).toBe(3);
      expect(signOff.stderr).toMatch(/^Not permitted: lead\.jo \(lead\) may not/);
    });

    it('--actor and --role are no longer options (exit code 2): nobody can claim to be someone else', () => {
      const claimed = cli([...rate, '--actor', 'nobody.at.all', '--role', 'board'], asToken(tokens.lead));
      expect(claimed.status).toBe(2);
      expect(claimed.stderr).toMatch(/unknown option '--actor'/);
      const asQa = cli(['accept-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1', '--role', 'qa'], asToken(tokens.lead));
      expect(asQa.status).toBe(2);
      expect(asQa.stderr).toMatch(/unknown option '--role'/);
    });

    it('an import with no user, or by a lead', () => {
      const file = join(__dirname, '../../examples/sunderland-2017/plan.csv');
      const anonymous = cli(['import', '--plan', 'sunderland-2017', '--file', file]);
      expect(anonymous.status).toBe(3);
      expect(anonymous.stderr).toMatch(/^Not authenticated: /);
      const byLead = cli(['import', '--plan', 'sunderland-2017', '--file', file], asToken(tokens.lead));
      expect(byLead.status).toBe(3);
      // The file's first decision is to create the plan, which a lead may not do (an import of an existing plan is refused by RecordImport).
      expect(byLead.stderr).toMatch(/^Not permitted: lead\.jo \(lead\) may not create a plan/);
    });
  });

  it('lets the sign-off role do what the lead could not, as itself', () => {
    const result = cli(['accept-evidence', '--plan', PLAN, '--ref', '1.1', '--evidence', 'ev-1'], asToken(tokens.qa));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Recorded EvidenceAccepted .* as qa\.sam \(qa\)\n$/);
  });

  it('runs maintenance that records no plan event without a user', () => {
    const out = join(database.dir, 'log.jsonl');
    for (const args of [['checkpoint'], ['checkpoints'], ['lag'], ['catch-up'], ['rebuild-read-models'], ['export', '--out', out], ['events', '--plan', PLAN], ['report', 'plan-state', '--plan', PLAN]]) {
      const result = cli(args);
      expect({ args, status: result.status }).toEqual({ args, status: 0 });
    }
    // Who has access is not maintenance: listing the users needs an administrator or an auditor.
    expect(cli(['users']).status).toBe(3);
  });

  describe('restore: a whole log into an empty store, by a proven administrator only', () => {
    const target = mkdtempSync(join(tmpdir(), 'plan-audit-cli-restore-'));
    const exported = join(target, '..', `${target.split('/').pop()}.jsonl`);
    afterAll(() => rmSync(target, { recursive: true, force: true }));
    afterAll(() => rmSync(exported, { force: true }));

    it('refuses no user and a board member (exit code 3), then restores as an admin', () => {
      expect(cli(['export', '--out', exported]).status).toBe(0);
      const restore = ['restore', '--file', exported];
      const anonymous = runCli(target, restore);
      expect(anonymous.status).toBe(3);
      expect(anonymous.stderr).toMatch(/^Not authenticated: /);
      const board = runCli(target, restore, asToken(cliToken(target, 'board.member', 'board')));
      expect(board.status).toBe(3);
      expect(board.stderr).toMatch(/^Not permitted: board\.member \(board\) may not restore a log; this needs the role admin/);
      expect(eventCount(target)).toBe(0);

      const admin = runCli(target, restore, asToken(cliToken(target, 'admin.pat', 'admin')));
      expect(admin.stderr).toBe('');
      expect(admin.status).toBe(0);
      expect(admin.stdout).toMatch(/Restored \d+ events .* they verify\. Restored as admin\.pat \(admin\)\./);
      expect(eventCount(target)).toBe(eventCount());
    });
  });
});
