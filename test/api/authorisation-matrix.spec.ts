import { ROLES, Role } from '../../src/domain/roles';
import { UsersService } from '../../src/auth/users.service';
import { httpHarness, HttpHarness } from '../support/http-harness';

type Method = 'get' | 'post' | 'patch';
interface Endpoint {
  name: string;
  method: Method;
  path: string | ((role: Role) => string);
  body?: (role: Role) => object;
  allowed: readonly Role[];
  /** A multipart upload of a small text file rather than a JSON body. */
  upload?: boolean;
}

const ALL = ROLES;
const PLAN_SHAPERS: Role[] = ['admin', 'board'];
const BOARD: Role[] = ['board'];
const RATERS: Role[] = ['lead', 'board'];
const QA: Role[] = ['qa'];
const A = '/api/plans/matrix/actions/1.1';
const K = '/api/plans/matrix/kpis/KM';
/** The figure every role tries to correct: set up in beforeAll. */
let kpiFigureId = 'none yet';

/** Every endpoint, and who may call it (DESIGN §1; issue: inspectors and auditors read only). */
function endpoints(ratingEventId: string): Endpoint[] {
  return [
    { name: 'create a plan', method: 'post', path: '/api/plans', body: (r) => ({ planId: `matrix-${r}`, title: 'Plan', council: 'Council', scale: 'rag-completed' }), allowed: PLAN_SHAPERS },
    { name: 'define the RAG scale', method: 'post', path: '/api/plans/matrix/rag-scale', body: () => ({ scale: 'rag-completed' }), allowed: PLAN_SHAPERS },
    { name: 'add a priority', method: 'post', path: '/api/plans/matrix/priorities', body: (r) => ({ number: 10 + ROLES.indexOf(r), title: 'Priority' }), allowed: PLAN_SHAPERS },
    { name: 'amend a priority', method: 'patch', path: '/api/plans/matrix/priorities/1', body: (r) => ({ title: `Workforce (${r})` }), allowed: PLAN_SHAPERS },
    { name: 'record a reporting point', method: 'post', path: '/api/plans/matrix/reporting-points', body: (r) => ({ label: `Board ${r}`, date: '2020-01-31' }), allowed: PLAN_SHAPERS },
    // The admin turns four eyes off and the board turns it back on, so every other row runs with it on.
    { name: "change the plan's settings", method: 'patch', path: '/api/plans/matrix/settings', body: (r) => ({ separationOfDuties: r !== 'admin', reason: `settings by ${r}` }), allowed: PLAN_SHAPERS },
    { name: 'add an action', method: 'post', path: '/api/plans/matrix/actions', body: (r) => ({ reference: `1.${20 + ROLES.indexOf(r)}`, priorityNumber: 1, title: 'Action' }), allowed: BOARD },
    { name: 'amend an action', method: 'patch', path: A, body: (r) => ({ title: `Reworded by ${r}` }), allowed: BOARD },
    { name: 'rate an action', method: 'post', path: A + '/ratings', body: () => ({ code: 'A', commentary: 'update from service' }), allowed: RATERS },
    { name: 'correct a rating', method: 'post', path: `${A}/ratings/${ratingEventId}/correction`, body: (r) => ({ code: r === 'lead' ? 'R' : 'G', reason: 'typed in error' }), allowed: RATERS },
    { name: 'assess the criteria', method: 'post', path: A + '/criteria', body: () => ({ criteria: { clearScope: true, clearResourceRequirements: true, resourceAllocated: true, projectPlanDeveloped: true, ambitiousDeliveryTimescales: true } }), allowed: RATERS },
    // Milestones shape the plan, which the board does; a lead reports a milestone's status (issue 25).
    { name: 'add a milestone', method: 'post', path: A + '/milestones', body: () => ({ title: 'Recruit two managers' }), allowed: BOARD },
    { name: 'update a milestone', method: 'post', path: A + '/milestones/m1/status', body: (r) => ({ status: `On Track (${r})` }), allowed: RATERS },
    { name: 'submit evidence', method: 'post', path: A + '/evidence', body: () => ({ title: 'Audit' }), allowed: RATERS },
    { name: 'accept evidence', method: 'post', path: A + '/evidence/ev-1/acceptance', body: () => ({}), allowed: QA },
    { name: 'reject evidence', method: 'post', path: A + '/evidence/ev-2/rejection', body: () => ({ reason: 'wrong quarter' }), allowed: QA },
    { name: 'sign off completion', method: 'post', path: A + '/sign-off', body: () => ({}), allowed: QA },
    { name: 'reopen an action', method: 'post', path: A + '/reopening', body: () => ({ reason: 'slipped' }), allowed: ['qa', 'board'] },
    { name: 'withdraw an action', method: 'post', path: '/api/plans/matrix/actions/1.2/withdrawal', body: () => ({ reason: 'merged' }), allowed: BOARD },
    { name: 'erase an evidence file', method: 'post', path: A + '/evidence/ev-2/redaction', body: () => ({ reason: 'lawful basis' }), allowed: ['admin'] },
    // KPIs: the board defines and changes them; leads and the board give and correct figures (src/domain/kpi/kpi.decider.ts).
    { name: 'define a KPI', method: 'post', path: '/api/plans/matrix/kpis', body: (r) => ({ kpiId: `K-${r}`, priorityNumber: 1, name: 'Caseload', unit: 'children', target: 18, betterWhen: 'lower', period: 'monthly' }), allowed: BOARD },
    { name: 'change a KPI', method: 'patch', path: K, body: (r) => ({ target: 50 + ROLES.indexOf(r) }), allowed: BOARD },
    { name: "record a KPI's figure", method: 'post', path: K + '/values', body: (r) => ({ period: `2020-${String(2 + ROLES.indexOf(r)).padStart(2, '0')}`, value: 1 }), allowed: RATERS },
    { name: "correct a KPI's figure", method: 'post', path: K + '/corrections', body: (r) => ({ correctsEventId: kpiFigureId, value: 10 + ROLES.indexOf(r), reason: 'keyed wrongly' }), allowed: RATERS },
    { name: 'read the KPI table', method: 'get', path: '/api/plans/matrix/reports/kpis?asOf=2020-06-30', allowed: ALL },
    { name: 'upload an evidence file', method: 'post', path: A + '/evidence/upload', allowed: RATERS, upload: true },
    { name: 'download an evidence file', method: 'get', path: `/api/evidence/${'0'.repeat(64)}`, allowed: ALL },
    { name: 'list plans', method: 'get', path: '/api/plans', allowed: ALL },
    { name: 'read the plan as at a date', method: 'get', path: '/api/plans/matrix?asOf=2020-06-30', allowed: ALL },
    { name: "read an action's history", method: 'get', path: A + '/history', allowed: ALL },
    { name: 'read Table 1', method: 'get', path: '/api/plans/matrix/reports/rag-summary?from=2020-01-31', allowed: ALL },
    { name: 'download a report as Word', method: 'get', path: '/api/plans/matrix/reports/completion-register?format=docx', allowed: ALL },
    { name: 'read the raw log', method: 'get', path: '/api/events', allowed: ALL },
    { name: 'read one stream', method: 'get', path: '/api/streams/plan-matrix/events', allowed: ALL },
    { name: 'who am I', method: 'get', path: '/api/session', allowed: ALL },
    { name: 'list users', method: 'get', path: '/api/users', allowed: ['admin', 'auditor'] },
    { name: "see another user's tokens", method: 'get', path: '/api/users/admin.user/tokens', allowed: ['admin', 'auditor'] },
    { name: 'list my own tokens', method: 'get', path: '/api/tokens', allowed: ALL },
    { name: 'read the access log', method: 'get', path: '/api/access-log', allowed: ['admin', 'auditor'] },
    { name: 'verify the access log', method: 'get', path: '/api/access-log/verification', allowed: ['admin', 'auditor'] },
  ];
}

describe('authorisation: every endpoint x every role', () => {
  let h: HttpHarness;
  let ratingEventId: string;
  beforeAll(async () => {
    h = await httpHarness('matrix');
    const board = h.as('board');
    const ok = async (req: Promise<{ status: number; body: { events?: { eventId: string }[] } }>) => {
      const res = await req;
      if (res.status >= 300) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    await ok(h.http().post('/api/plans').set(board).send({ planId: 'matrix', title: 'Matrix plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', reason: 'set up' }));
    await ok(h.http().post('/api/plans/matrix/priorities').set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', reason: 'set up' }));
    for (const reference of ['1.1', '1.2', '1.3']) {
      await ok(h.http().post('/api/plans/matrix/actions').set(board).send({ reference, priorityNumber: 1, title: 'Action', initialRating: 'G', effectiveAt: '2020-01-01', reason: 'set up' }));
    }
    const history = await h.http().get(`${A}/history`).set(board);
    ratingEventId = history.body.entries.find((e: { type: string }) => e.type === 'RatingChanged').eventId;
    await ok(h.http().post(`${A}/milestones`).set(board).send({ milestoneId: 'm1', title: 'Milestone' }));
    for (const id of ['ev-1', 'ev-2']) await ok(h.http().post(`${A}/evidence`).set(h.as('lead')).send({ evidenceId: id, title: 'Audit' }));
    await ok(h.http().post('/api/plans/matrix/kpis').set(board).send({ kpiId: 'KM', priorityNumber: 1, name: 'Caseload', unit: 'children', target: 18, betterWhen: 'lower', period: 'monthly', effectiveAt: '2020-01-01', reason: 'set up' }));
    kpiFigureId = (await ok(h.http().post(`${K}/values`).set(h.as('lead')).send({ period: '2020-01', value: 20 }))).events![0].eventId;
  });
  afterAll(() => h.close());

  it('allows exactly the roles that may, refuses the others with 403, and appends nothing on refusal', async () => {
    const cells: string[] = [];
    const versions: { endpoint: string; etag: unknown; version: string }[] = [];
    for (const endpoint of endpoints(ratingEventId)) {
      for (const role of ROLES) {
        const path = typeof endpoint.path === 'function' ? endpoint.path(role) : endpoint.path;
        const before = await h.eventCount();
        let call = h.http()[endpoint.method](path).set(h.as(role));
        if (endpoint.body) call = call.send(endpoint.body(role));
        if (endpoint.upload) call = call.field('title', `Notes from ${role}`).attach('file', Buffer.from(`Minutes of the board, ${role}\n`), 'minutes.txt');
        const response = await call;
        const allowed = endpoint.allowed.includes(role);
        const verdict = allowed ? (response.status === 401 || response.status === 403 || response.status >= 500 ? 'WRONG' : 'allowed') : response.status === 403 ? 'refused' : 'WRONG';
        cells.push(`${endpoint.name} as ${role}: ${allowed ? 'may' : 'may not'} -> ${response.status} ${verdict}`);
        if (!allowed) expect(await h.eventCount()).toBe(before);
        // Every write that was done answers with its stream's new version as ETag, for the next If-Match.
        if (endpoint.method !== 'get' && response.status < 300) versions.push({ endpoint: endpoint.name, etag: response.headers.etag, version: `"${response.body.version}"` });
      }
    }
    expect(cells.filter((cell) => cell.endsWith('WRONG'))).toEqual([]);
    expect(versions.filter(({ etag, version }) => etag !== version || version === '"undefined"')).toEqual([]);
    // Two writes are refused by the plan here whoever asks (it is rated directly, not from criteria; ev-2 has no file).
    const neverDone = ['assess the criteria', 'erase an evidence file'];
    expect(endpoints('x').filter((e) => e.method !== 'get' && !versions.some((v) => v.endpoint === e.name)).map((e) => e.name)).toEqual(neverDone);
    expect(cells).toHaveLength(endpoints('x').length * ROLES.length);
    process.stdout.write(`authorisation matrix: ${cells.length} cells (${endpoints('x').length} endpoints x ${ROLES.length} roles), all as expected\n`);
  });

  it('refuses every non-public endpoint without credentials (401), and with a made-up token', async () => {
    for (const endpoint of endpoints(ratingEventId)) {
      const path = typeof endpoint.path === 'function' ? endpoint.path('admin') : endpoint.path;
      // Each in the body type its route takes (multipart for the upload), so it is the credentials that are refused, not the type (415).
      const send = (call: ReturnType<ReturnType<HttpHarness['http']>['post']>) =>
        endpoint.upload ? call.field('title', 'Notes').attach('file', Buffer.from('Minutes of the board\n'), 'minutes.txt') : call.send(endpoint.body?.('admin') ?? {});
      const anonymous = await send(h.http()[endpoint.method](path));
      expect({ endpoint: endpoint.name, status: anonymous.status }).toEqual({ endpoint: endpoint.name, status: 401 });
      const forged = await send(h.http()[endpoint.method](path).set({ Authorization: 'Bearer pat_not-a-real-token' }));
      expect(forged.status).toBe(401);
    }
  });

  it('lets a lead change only the plans on their account, and still read the others', async () => {
    const users = h.app.get(UsersService);
    await users.createUser('lead.elsewhere', 'lead', 'A lead of another council', undefined, ['other-plan']);
    const token = { Authorization: `Bearer ${await users.createToken('lead.elsewhere', 'tests')}` };
    const before = await h.eventCount();
    const refused = await h.http().post(`${A}/ratings`).set(token).send({ code: 'A' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/lead.elsewhere \(lead\) works on other-plan, not on plan matrix/);
    expect(await h.eventCount()).toBe(before);
    expect((await h.http().get('/api/plans/matrix').set(token)).status).toBe(200);
  });

  it('records the authenticated caller as the actor, and refuses a body that tries to name one', async () => {
    const refused = await h.http().post(`${A}/ratings`).set(h.as('lead')).send({ code: 'A', actor: { id: 'someone.else', role: 'qa' } });
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0].field).toBe('actor');
    const rated = await h.http().post('/api/plans/matrix/actions/1.3/ratings').set(h.as('board')).send({ code: 'A', commentary: 'board view' });
    const events = await h.store.readStream('action-matrix/1.3');
    const mine = events.find((e) => e.eventId === rated.body.events?.[0]?.eventId);
    expect(mine?.metadata.actor).toEqual({ id: 'board.user', role: 'board' });
    expect(mine?.metadata.source).toBe('api');
  });

  it('leaves the public pages open (landing page, health) and the API docs to any signed-in caller', async () => {
    expect((await h.http().get('/')).status).toBe(200);
    expect((await h.http().get('/api/health')).status).toBe(200);
    expect((await h.http().get('/api/docs-json')).status).toBe(401);
    const docs = await h.http().get('/api/docs-json').set(h.as('lead'));
    expect(docs.status).toBe(200);
    // The bodies, from the input classes less what the path gives.
    expect(docs.body.components.schemas.ChangeRatingBody.properties.code).toBeDefined();
    expect(docs.body.components.schemas.ChangeRatingBody.properties.planId).toBeUndefined();
    expect(Object.keys(docs.body.components.schemas.ChangePlanSettingsBody.properties)).toEqual(expect.arrayContaining(['signOffRole', 'separationOfDuties', 'minimumHold', 'reason']));
  });
});
