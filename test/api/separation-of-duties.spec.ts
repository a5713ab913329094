import request from 'supertest';
import { UsersService } from '../../src/auth/users.service';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Four eyes through the real HTTP API, on a plan where the Improvement Board reviews
 * evidence and signs off, so one board member could otherwise do everything alone.
 */
describe('separation of duties and plan settings, through the API', () => {
  let h: HttpHarness;
  let other: { Authorization: string };
  const plan = '/api/plans/four-eyes';
  const action = (reference: string) => `${plan}/actions/${encodeURIComponent(reference)}`;

  const ok = async (call: Promise<{ status: number; body: unknown }>) => {
    const res = await call;
    if (res.status >= 300) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** A write that must be refused with 409 and the rule named, appending nothing. */
  const refused = async (call: () => Promise<{ status: number; body: { rule?: string; detail?: string } }>, rule: string) => {
    const before = await h.eventCount();
    const res = await call();
    expect({ status: res.status, rule: res.body.rule }).toEqual({ status: 409, rule });
    expect(await h.eventCount()).toBe(before);
    return res.body.detail ?? '';
  };

  beforeAll(async () => {
    h = await httpHarness('four-eyes');
    const users = h.app.get(UsersService);
    await users.createUser('board.other', 'board', 'Another board member');
    other = { Authorization: `Bearer ${await users.createToken('board.other', 'tests')}` };
    const board = h.as('board');
    await ok(h.http().post('/api/plans').set(board).send({ planId: 'four-eyes', title: 'Plan', council: 'Council', scale: 'sunderland-5', signOffRole: 'board', effectiveAt: '2020-01-01', reason: 'set up' }));
    await ok(h.http().post(`${plan}/priorities`).set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }));
    await ok(h.http().post(`${plan}/actions`).set(board).send({ reference: '1.1', priorityNumber: 1, title: 'Caseloads', effectiveAt: '2020-01-01', reason: 'set up' }));
    await ok(h.http().post(`${plan}/actions`).set(board).send({ reference: '1.2', priorityNumber: 1, title: 'Supervision', lead: 'Principal Social Worker', leadUser: 'board.other', effectiveAt: '2020-01-01', reason: 'set up' }));
  });
  afterAll(() => h.close());

  it('refuses the person who submitted evidence accepting or rejecting it (409, rule named, nothing appended)', async () => {
    await ok(h.http().post(`${action('1.1')}/evidence`).set(h.as('board')).send({ evidenceId: 'ev-1', title: 'Caseload report' }));
    const message = await refused(() => h.http().post(`${action('1.1')}/evidence/ev-1/acceptance`).set(h.as('board')).send({}), 'reviewer-not-submitter');
    expect(message).toMatch(/board\.user submitted evidence ev-1, so cannot accept it: separation of duties/);
    await refused(() => h.http().post(`${action('1.1')}/evidence/ev-1/rejection`).set(h.as('board')).send({ reason: 'wrong quarter' }), 'reviewer-not-submitter');
    expect((await h.http().post(`${action('1.1')}/evidence/ev-1/acceptance`).set(other).send({})).status).toBe(201);
  });

  it('refuses a sign-off by whoever submitted the accepted evidence it rests on', async () => {
    const message = await refused(() => h.http().post(`${action('1.1')}/sign-off`).set(h.as('board')).send({}), 'signer-not-submitter');
    expect(message).toMatch(/board\.user submitted evidence ev-1 that the sign-off of action 1\.1 rests on/);
    expect((await h.http().post(`${action('1.1')}/sign-off`).set(other).send({})).status).toBe(201);
  });

  it("refuses the action's lead user signing off their own action", async () => {
    await ok(h.http().post(`${action('1.2')}/evidence`).set(h.as('lead')).send({ evidenceId: 'ev-2', title: 'Supervision audit' }));
    await ok(h.http().post(`${action('1.2')}/evidence/ev-2/acceptance`).set(h.as('board')).send({}));
    const message = await refused(() => h.http().post(`${action('1.2')}/sign-off`).set(other).send({}), 'signer-not-lead');
    expect(message).toMatch(/board\.other leads action 1\.2, so cannot sign it off/);
    expect((await h.http().get(plan).set(other)).body.actions.find((a: { reference: string }) => a.reference === '1.2').leadUser).toBe('board.other');
  });

  it('lets a board member change the sign-off role with a reason, shown in the plan history; not a lead', async () => {
    const before = await h.eventCount();
    const byLead = await h.http().patch(`${plan}/settings`).set(h.as('lead')).send({ signOffRole: 'qa', reason: 'QA should sign off' });
    expect(byLead.status).toBe(403);
    expect(await h.eventCount()).toBe(before);

    const changed = await h.http().patch(`${plan}/settings`).set(h.as('board')).send({ signOffRole: 'qa', separationOfDuties: true, reason: 'From now on the QA service reviews evidence and signs off' });
    expect(changed.status).toBe(200);
    const history = (await h.http().get(`/api/streams/plan-four-eyes/events`).set(h.as('inspector'))).body.events;
    const last = history[history.length - 1];
    expect({ type: last.type, data: last.data, actor: last.metadata.actor, reason: last.metadata.reason }).toEqual({
      type: 'PlanSettingsChanged',
      data: { planId: 'four-eyes', signOffRole: 'qa' },
      actor: { id: 'board.user', role: 'board' },
      reason: 'From now on the QA service reviews evidence and signs off',
    });
    // The plan as it stands, and as it stood before the change.
    expect((await h.http().get(plan).set(h.as('qa'))).body.signOffRole).toBe('qa');
    expect((await h.http().get(`${plan}?asOf=2020-06-30`).set(h.as('qa'))).body.signOffRole).toBe('board');
    const justBefore = new Date(new Date(last.metadata.recordedAt).getTime() - 1).toISOString();
    expect((await h.http().get(`${plan}?knownAt=${justBefore}`).set(h.as('qa'))).body.signOffRole).toBe('board');
  });

  it('refuses a change that changes nothing (409) and a bad value or no reason (400, field named)', async () => {
    const same = await h.http().patch(`${plan}/settings`).set(h.as('board')).send({ signOffRole: 'qa', reason: 'again' });
    expect({ status: same.status, rule: same.body.rule }).toEqual({ status: 409, rule: 'settings-unchanged' });
    const bad = await h.http().patch(`${plan}/settings`).set(h.as('board')).send({ signOffRole: 'lead', reason: 'x' });
    expect({ status: bad.status, field: bad.body.fields?.[0]?.field }).toEqual({ status: 400, field: 'signOffRole' });
    const method = await h.http().patch(`${plan}/settings`).set(h.as('board')).send({ ratingMethod: 'criteria', reason: 'x' });
    expect({ status: method.status, field: method.body.fields?.[0]?.field }).toEqual({ status: 400, field: 'ratingMethod' });
    const noReason = await h.http().patch(`${plan}/settings`).set(h.as('admin')).send({ separationOfDuties: false });
    expect({ status: noReason.status, field: noReason.body.fields?.[0]?.field }).toEqual({ status: 400, field: 'reason' });
  });

  it('lets the same person submit and accept once the plan has turned separation of duties off, and says who did and why', async () => {
    await ok(h.http().patch(`${plan}/settings`).set(h.as('admin')).send({ signOffRole: 'board', separationOfDuties: false, reason: 'A board of two during the summer' }));
    await ok(h.http().post(`${action('1.2')}/evidence`).set(h.as('board')).send({ evidenceId: 'ev-3', title: 'Second audit' }));
    expect((await h.http().post(`${action('1.2')}/evidence/ev-3/acceptance`).set(h.as('board')).send({})).status).toBe(201);
    expect((await h.http().post(`${action('1.2')}/sign-off`).set(other).send({})).status).toBe(201);
    const state = (await h.http().get(plan).set(h.as('auditor'))).body;
    expect([state.signOffRole, state.separationOfDuties]).toEqual(['board', false]);
    const history = (await h.http().get(`/api/streams/plan-four-eyes/events`).set(h.as('auditor'))).body.events;
    const off = history[history.length - 1];
    expect([off.data, off.metadata.actor.id, off.metadata.reason]).toEqual([{ planId: 'four-eyes', signOffRole: 'board', separationOfDuties: false }, 'admin.user', 'A board of two during the summer']);
  });

  it("shows the settings in force on the plan page, and an action's lead user on its page", async () => {
    const browser = request.agent(h.app.getHttpServer());
    const form = await browser.get('/sign-in');
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(form.text)![1];
    expect((await browser.post('/sign-in').type('form').send({ csrfToken, user: 'inspector.user', password: 'correct horse battery staple', next: '/plans' })).status).toBe(303);
    const now = await browser.get('/plans/four-eyes');
    expect(now.text).toMatch(/signed off by the Improvement Board[^<]*\. Separation of duties is <strong>off<\/strong>/);
    const then = await browser.get('/plans/four-eyes?asOf=2020-06-30');
    expect(then.text).toMatch(/Separation of duties is <strong>on<\/strong>: no one reviews evidence they submitted/);
    expect((await browser.get('/plans/four-eyes/actions/1.2')).text).toContain('Principal Social Worker (board.other)');
  });
});
