import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import JSZip from 'jszip';
import { replayPlan } from '../../src/projections/replay/replay-plan';
import { EventEnvelope } from '../../src/event-store/envelope';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { asToken, CLI, cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { RunningServer, SERVER, startServer } from '../support/server-process';
import { PlanSnapshot } from '../../src/projections/plan-snapshot/plan-snapshot';

/**
 * A plan in its own words and shape (issue 25, item 1): a workstream → project plan with a
 * section and two Ofsted recommendations linked to one workstream, over the real HTTP app and
 * the built CLI. Its plan-state and Table 1 say "Workstream" and "Project" and show the links;
 * plan-state equals the replay oracle; refusals name the field and append nothing.
 */
describe('a plan in its own words: workstreams and projects, a section, recommendations', () => {
  let h: HttpHarness;
  let setUpAt = '';
  const planId = 'words-2018';

  const post = (path: string, body: object) => h.http().post(`/api/plans/${planId}${path}`).set(h.as('board')).send(body);
  const state = async (query = '') => (await h.http().get(`/api/plans/${planId}${query}`).set(h.as('board')).expect(200)).body;
  const report = async (name: string, format: string, query = '') => (await h.http().get(`/api/plans/${planId}/reports/${name}?format=${format}${query}`).set(h.as('board')).expect(200)).text;
  const allEvents = async (): Promise<EventEnvelope[]> => h.store.readAll({ after: 0, limit: 10_000 });

  beforeAll(async () => {
    h = await httpHarness('plan-words');
    const steps: [string, object][] = [
      ['', { planId, title: 'Improvement plan 2018', council: 'Anyshire', scale: 'rag-completed' }],
      ['/priorities', { number: 1, title: 'Front door and early help' }],
      ['/priorities', { number: 2, title: 'Workforce' }],
      ['/levels', { preset: 'workstream/project' }],
      ['/sections', { number: 1, title: 'Help and protection' }],
      ['/priorities/1/section', { section: 1 }],
      ['/recommendations', { number: '1', text: 'Ensure that thresholds are understood and applied consistently' }],
      ['/recommendations', { number: '2', text: 'Improve the quality of assessments' }],
      ['/priorities/1/recommendation-links', { recommendation: '1' }],
      ['/priorities/1/recommendation-links', { recommendation: '2' }],
      ['/actions', { reference: '1.1', priorityNumber: 1, title: 'One front door for all referrals', lead: 'Head of MASH', seniorOwner: 'Director of Children’s Services', initialRating: 'G' }],
      ['/actions', { reference: '2.1', priorityNumber: 2, title: 'Recruit permanent social workers', lead: 'Principal Social Worker' }],
      ['/actions/1.1/recommendation-links', { recommendation: '2' }],
    ];
    for (const [path, body] of steps) {
      const res = path === '' ? await h.http().post('/api/plans').set(h.as('board')).send(body) : await post(path, body);
      expect({ path, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ path, status: 201, body: undefined });
    }
    setUpAt = new Date().toISOString();
  });
  afterAll(() => h.close());

  it('plan-state says what the plan calls its levels and shows its section, recommendations, links and SRO, as the replay oracle does', async () => {
    const plan = await state();
    expect(plan.words).toEqual({
      section: { singular: 'section', plural: 'sections' },
      group: { singular: 'workstream', plural: 'workstreams' },
      item: { singular: 'project', plural: 'projects' },
    });
    expect(plan.sections).toEqual([{ number: 1, title: 'Help and protection' }]);
    expect(plan.recommendations.map((r: { number: string }) => r.number)).toEqual(['1', '2']);
    expect(plan.priorities).toEqual([
      { number: 1, title: 'Front door and early help', section: 1, recommendations: ['1', '2'] },
      { number: 2, title: 'Workforce' },
    ]);
    expect(plan.actions.map((a: { reference: string; lead?: string; seniorOwner?: string; recommendations?: string[] }) => [a.reference, a.lead, a.seniorOwner, a.recommendations])).toEqual([
      ['1.1', 'Head of MASH', 'Director of Children’s Services', ['2']],
      ['2.1', 'Principal Social Worker', undefined, undefined],
    ]);
    expect(plan).toEqual(JSON.parse(JSON.stringify(replayPlan(await allEvents(), planId, plan.asOf, plan.knownAt))));
  });

  it("plan-state and Table 1, in Markdown, HTML, CSV and Word, say Workstream and Project and show the links", async () => {
    const md = await report('plan-state', 'md');
    expect(md).toContain('## Workstream 1: Front door and early help');
    expect(md).toContain('Section 1: Help and protection — Answers Ofsted recommendations 1, 2');
    expect(md).toContain('| Project | Lead | SRO | Due | RAG | Evidence | Milestones | Recommendations |');
    expect(md).toContain('| 1.1 One front door for all referrals | Head of MASH | Director of Children’s Services |');
    expect(md).toContain('## Ofsted recommendations');
    expect(md).toContain('| 2 | Improve the quality of assessments | Workstream 1; Project 1.1 |');
    expect(md).not.toMatch(/Priority|\bAction\b/);

    // From the plan as it stood when set up (a comparison date before the plan existed finds no plan).
    const from = `&from=${encodeURIComponent(setUpAt)}`;
    const table1 = await report('rag-summary', 'md', from);
    expect(table1).toContain('## Table 1: Current RAG rating assigned to projects by workstream');
    expect(table1).toMatch(/^\| Workstream \| /m);
    expect(table1).toContain('| 1. Front door and early help (recommendations 1, 2) |');
    expect(table1).toContain('| 2. Workforce |');
    expect(table1).not.toMatch(/Priority|priority|\bactions\b/);

    const html = await report('rag-summary', 'html', from);
    expect(html).toContain('<h2>Table 1: Current RAG rating assigned to projects by workstream</h2>');
    expect(html).toContain('<th scope="col">Workstream</th>');
    expect(html).toContain('<td>1. Front door and early help (recommendations 1, 2)</td>');
    // CSV and Word carry the same words: the same tables, laid out otherwise.
    const csv = await report('rag-summary', 'csv', from);
    expect(csv).toContain('Table 1: Current RAG rating assigned to projects by workstream');
    expect(csv).toMatch(/^"?Workstream"?,/m);
    const docx = (await h.http().get(`/api/plans/${planId}/reports/committee?format=docx${from}`).set(h.as('board')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200)).body as Buffer;
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Table 1: Current RAG rating assigned to projects by workstream');
    expect(xml).toContain('Projects to be added to the plan');
    expect(xml).not.toMatch(/Priority|Actions to be added/);
    const stateHtml = await report('plan-state', 'html');
    expect(stateHtml).toContain('<h2>Workstream 1: Front door and early help</h2>');
    expect(stateHtml).toContain('<th scope="col">Project</th><th scope="col">Lead</th><th scope="col">SRO</th>');
  });

  it("the plan's web pages say Workstream and Project, with the section, the links and the SRO", async () => {
    const browser = request.agent(h.app.getHttpServer());
    const form = await browser.get('/sign-in');
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(form.text)![1];
    expect((await browser.post('/sign-in').type('form').send({ csrfToken, user: 'inspector.user', password: 'correct horse battery staple', next: '/plans' })).status).toBe(303);
    const page = (await browser.get(`/plans/${planId}`).expect(200)).text;
    expect(page).toContain('>Workstream 1: Front door and early help</h2>');
    expect(page).toContain('Section 1: Help and protection. Answers Ofsted recommendations 1, 2.');
    expect(page).toContain('<th scope="col" class="govuk-table__header">Project</th>');
    expect(page).toContain('SRO: Director of Children’s Services');
    expect(page).toContain('Completed projects');
    expect(page).toContain('Projects due by a date');
    expect(page).not.toMatch(/Priority \d|>Action</);
    const project = (await browser.get(`/plans/${planId}/actions/1.1`).expect(200)).text;
    expect(project).toMatch(/Senior responsible owner<\/dt>\s*<dd class="govuk-summary-list__value">Director of Children’s Services/);
    expect(project).toMatch(/Ofsted recommendations<\/dt>\s*<dd class="govuk-summary-list__value">2</);
    const history = (await h.http().get(`/api/plans/${planId}/actions/1.1/history`).set(h.as('board')).expect(200)).body;
    expect(history.entries.map((e: { summary: string }) => e.summary)).toContain('Linked to Ofsted recommendation 2');
    // The history in the plan's words, in its JSON and its report.
    expect(history.entries[0].summary).toMatch(/^Project added to workstream 1: /);
    const historyReport = (await h.http().get(`/api/plans/${planId}/reports/history?ref=1.1&format=md`).set(h.as('board')).expect(200)).text;
    expect(historyReport).toContain('# Project 1.1');
    expect(historyReport).toContain('## History of project 1.1');
    expect(historyReport).not.toMatch(/Action added|priority \d/);
    const due = (await browser.get(`/plans/${planId}/due`).expect(200)).text;
    expect(due).toContain('<title>Projects due by a date');
    expect(due).toContain('to see the projects due by then.');
  });

  it('an unlinked recommendation is gone from the plan as it stands, and still there as known before the unlinking', async () => {
    const before = new Date().toISOString();
    const res = await post('/priorities/1/recommendation-links/2/removal', {});
    expect(res.status).toBe(201);
    expect((await state()).priorities[0].recommendations).toEqual(['1']);
    expect((await state(`?knownAt=${encodeURIComponent(before)}`)).priorities[0].recommendations).toEqual(['1', '2']);
    const plan = await state();
    expect(plan).toEqual(JSON.parse(JSON.stringify(replayPlan(await allEvents(), planId, plan.asOf, plan.knownAt))));
  });

  describe('refusals name the field and append nothing', () => {
    it.each([
      ['linking a group to a recommendation the plan has not recorded', '/priorities/1/recommendation-links', { recommendation: '9' }, 'recommendation', /no recommendation 9/],
      ['linking a project to a recommendation the plan has not recorded', '/actions/2.1/recommendation-links', { recommendation: '9' }, 'recommendation', /no recommendation 9/],
      ['an empty level name', '/levels', { groupSingular: '', groupPlural: 'workstreams' }, 'groupSingular', /./],
      ['a level name of spaces', '/levels', { groupSingular: '   ', groupPlural: 'workstreams' }, 'groupSingular', /name this plan uses/],
      ['a level named in the singular only', '/levels', { itemSingular: 'task' }, 'itemPlural', /name this plan uses/],
      ['a level name that is not a word', '/levels', { groupSingular: '<b>Theme</b>', groupPlural: 'themes' }, 'groupSingular', /letters/],
      ['a shape of plan there is no preset for', '/levels', { preset: 'theme/task' }, 'preset', /./],
      ['placing a workstream in a section that does not exist', '/priorities/2/section', { section: 4 }, 'section', /no section 4/],
      ['linking a workstream that does not exist', '/priorities/7/recommendation-links', { recommendation: '1' }, 'priorityNumber', /no workstream 7/],
    ])('%s: 400 to POST %s, naming the field, nothing appended', async (_what, path, body, field, detail) => {
      const before = await h.eventCount();
      const res = await post(path, body);
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(res.body.detail).toMatch(detail);
      expect(await h.eventCount()).toBe(before);
    });

    it('a recommendation recorded twice, or a link made twice: 409, nothing appended', async () => {
      const before = await h.eventCount();
      const again = await post('/recommendations', { number: '1', text: 'Again' });
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/already recorded/);
      const twice = await post('/actions/1.1/recommendation-links', { recommendation: '2' });
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toMatch(/project 1.1 already answers recommendation 2/);
      expect(await h.eventCount()).toBe(before);
    });

    it('a lead may not reshape the plan: 403, nothing appended', async () => {
      const before = await h.eventCount();
      const res = await h.http().post(`/api/plans/${planId}/levels`).set(h.as('lead')).send({ preset: 'outcome/action' });
      expect(res.status).toBe(403);
      expect(await h.eventCount()).toBe(before);
    });
  });
});

describe('the same plan through the CLI', () => {
  jest.setTimeout(240_000);
  const database = tempDatabase('plan-words-cli');
  const planId = 'words-cli';
  let board: Record<string, string>;
  const as = (...args: string[]) => runCli(database.dir, args, board);

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx tsc -p tsconfig.build.json" first`);
    board = asToken(cliToken(database.dir, 'board.chair', 'board'));
  });
  afterAll(() => database.remove());

  it('names the levels, adds a section and links, and prints plan-state and Table 1 in the plan\'s words', () => {
    const steps = [
      ['create-plan', '--plan', planId, '--title', 'Plan', '--council', 'Anyshire', '--scale', 'rag-completed'],
      ['add-priority', '--plan', planId, '--number', '1', '--title', 'Front door'],
      ['name-levels', '--plan', planId, '--preset', 'workstream/project'],
      ['add-section', '--plan', planId, '--number', '1', '--title', 'Help and protection'],
      ['place-in-section', '--plan', planId, '--group', '1', '--section', '1'],
      ['record-recommendation', '--plan', planId, '--number', '1', '--text', 'Thresholds'],
      ['record-recommendation', '--plan', planId, '--number', '2', '--text', 'Assessments'],
      ['link-recommendation', '--plan', planId, '--group', '1', '--recommendation', '1'],
      ['link-recommendation', '--plan', planId, '--group', '1', '--recommendation', '2'],
      ['add-action', '--plan', planId, '--ref', '1.1', '--priority', '1', '--title', 'One front door', '--lead', 'Head of MASH', '--sro', 'DCS'],
      ['link-action-recommendation', '--plan', planId, '--ref', '1.1', '--recommendation', '2'],
    ];
    for (const step of steps) {
      const result = as(...step);
      expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
    }
    const md = runCli(database.dir, ['report', 'plan-state', '--plan', planId, '--format', 'md']);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('## Workstream 1: Front door');
    expect(md.stdout).toContain('Section 1: Help and protection — Answers Ofsted recommendations 1, 2');
    expect(md.stdout).toContain('| 1.1 One front door | Head of MASH | DCS |');
    const table1 = runCli(database.dir, ['report', 'rag-summary', '--plan', planId, '--from', new Date().toISOString(), '--format', 'md']);
    expect(table1.stdout).toContain('## Table 1: Current RAG rating assigned to projects by workstream');
    expect(table1.stdout).toContain('| 1. Front door (recommendations 1, 2) |');
  });

  it('refuses an unknown recommendation and an empty level name, naming the field, with nothing appended', () => {
    const count = () => runCli(database.dir, ['events', '--json']).stdout.trim().split('\n').length;
    const before = count();
    const unknown = as('link-recommendation', '--plan', planId, '--group', '1', '--recommendation', '9');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/recommendation/);
    const empty = as('name-levels', '--plan', planId, '--group', '', '--groups', 'workstreams');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/groupSingular/);
    expect(count()).toBe(before);
  });
});

describe("the plan's shape through the CLI sent to a running server (PLAN_AUDIT_SERVER)", () => {
  jest.setTimeout(240_000);
  const database = tempDatabase('plan-words-remote');
  const elsewhere = mkdtempSync(join(tmpdir(), 'plan-words-elsewhere-'));
  const planId = 'words-remote';
  let server: RunningServer;
  let token = '';
  const remote = (...args: string[]) => runCli(elsewhere, args, { PLAN_AUDIT_SERVER: server.baseUrl, PLAN_AUDIT_TOKEN: token });

  beforeAll(async () => {
    if (!existsSync(CLI) || !existsSync(SERVER)) throw new Error('dist/ is missing: run "npx tsc -p tsconfig.build.json" first');
    token = cliToken(database.dir, 'board.chair', 'board');
    server = await startServer(database.dir, { LOAD_EXAMPLE: '' });
  });
  afterAll(async () => {
    await server?.stop();
    database.remove();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it("each command reaches its route, the group's and the recommendation's numbers taken into the address", async () => {
    const steps = [
      ['create-plan', '--plan', planId, '--title', 'Plan', '--council', 'Anyshire', '--scale', 'rag-completed'],
      ['add-priority', '--plan', planId, '--number', '2', '--title', 'Early help'],
      ['name-levels', '--plan', planId, '--group', 'outcome', '--groups', 'outcomes', '--item', 'task', '--items', 'tasks'],
      ['add-section', '--plan', planId, '--number', '3', '--title', 'Early help and prevention'],
      ['place-in-section', '--plan', planId, '--group', '2', '--section', '3'],
      ['record-recommendation', '--plan', planId, '--number', '4 (a)', '--text', 'Early help offer'],
      ['link-recommendation', '--plan', planId, '--group', '2', '--recommendation', '4 (a)'],
      ['add-action', '--plan', planId, '--ref', '2.1', '--priority', '2', '--title', 'Early help hubs', '--sro', 'Head of Early Help'],
      ['link-action-recommendation', '--plan', planId, '--ref', '2.1', '--recommendation', '4 (a)'],
      ['unlink-recommendation', '--plan', planId, '--group', '2', '--recommendation', '4 (a)'],
    ];
    for (const step of steps) {
      const result = remote(...step);
      expect({ step: step[0], status: result.status, stderr: result.stderr }).toEqual({ step: step[0], status: 0, stderr: '' });
    }
    const plan = (await (await fetch(`${server.baseUrl}/api/plans/${planId}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as PlanSnapshot;
    expect(plan.words?.group).toEqual({ singular: 'outcome', plural: 'outcomes' });
    expect(plan.words?.item).toEqual({ singular: 'task', plural: 'tasks' });
    expect(plan.priorities).toEqual([{ number: 2, title: 'Early help', section: 3 }]);
    expect(plan.actions.map((a) => [a.reference, a.seniorOwner, a.recommendations])).toEqual([['2.1', 'Head of Early Help', ['4 (a)']]]);
    const refused = remote('link-action-recommendation', '--plan', planId, '--ref', '2.1', '--recommendation', '5');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/recommendation/);
  });
});
