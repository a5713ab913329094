import { COMMAND_TABLE } from '../../src/commands/command-table';
import { rolesFor } from '../../src/domain/action/action.guard';
import { ROLES as KPI_ROLES } from '../../src/domain/kpi/kpi.decider';
import { IMPORTERS, PLAN_SHAPERS } from '../../src/domain/permissions';
import { InvalidInput } from '../../src/domain/errors';
import { COMMAND_FORMS, NO_FORM } from '../../src/web/command-forms';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { csrfOf, signedInBrowsers } from '../support/web-sign-in';

const PLAN = '/plans/cover';
const SETUP = `${PLAN}/setup`;

/** A command's name as the table's class names it, and as the log's commands are typed. */
const typeOf = (command: { name: string }) => command.name.replace(/Command$/, '');

/** The roles the domain lets issue a command, on a plan whose sign-off role is QA (as the suite's plan's is). */
function allowed(type: string): readonly string[] {
  if (Object.hasOwn(KPI_ROLES, type)) return KPI_ROLES[type as keyof typeof KPI_ROLES];
  try {
    return rolesFor(type as Parameters<typeof rolesFor>[0], { signOffRole: 'qa' });
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    // Not an action command, so the plan decider's: importing is the importers', the rest the plan shapers'.
    return type === 'RecordImport' ? IMPORTERS : PLAN_SHAPERS;
  }
}

/**
 * A form for every command (issue 26): each row of the command table has a page that issues it,
 * offered to a role the domain allows, or is listed as having none with the reason. Then the forms
 * that were missing (the RAG scale, amending a group, unlinking recommendations, changing a KPI),
 * over HTTP as a browser posts them: refused naming the field with nothing appended, recorded as
 * exactly one event by the signed-in caller once the answers are checked, and 403 to a lead.
 */
describe('a form for every command', () => {
  let h: HttpHarness;
  let ids: Record<string, string>;

  beforeAll(async () => {
    h = await httpHarness('command-forms');
    const send = async (role: 'board' | 'lead' | 'qa', path: string, body: object, method: 'post' | 'patch' = 'post') => {
      const response = await h.http()[method](path).set(h.as(role)).send(body);
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
      return response.body as Record<string, unknown>;
    };
    const early = { effectiveAt: '2024-01-02', reason: 'Agreed at the first board, entered late' };
    await send('board', '/api/plans', { planId: 'cover', title: 'Coverage plan', council: 'Council', scale: 'rag-completed', signOffRole: 'qa', effectiveAt: '2024-01-01', reason: 'Plan agreed then' });
    await send('board', '/api/plans/cover/priorities', { number: 1, title: 'Workforce', outcome: 'Stable teams', ...early });
    await send('board', '/api/plans/cover/priorities', { number: 2, title: 'Practice', ...early });
    for (const reference of ['1.1', '1.2']) await send('board', '/api/plans/cover/actions', { reference, priorityNumber: 1, title: `Action ${reference}`, initialRating: 'A', ...early });
    await send('board', '/api/plans/cover/recommendations', { number: '3', text: 'Improve the timeliness of assessments', ...early });
    await send('board', '/api/plans/cover/priorities/1/recommendation-links', { recommendation: '3', ...early });
    await send('board', '/api/plans/cover/actions/1.1/recommendation-links', { recommendation: '3', ...early });
    await send('board', '/api/plans/cover/kpis', { kpiId: 'KPI 1', priorityNumber: 1, name: 'Assessments in time', unit: '%', target: 85, betterWhen: 'higher', amberWithin: 5, period: 'monthly', ...early });
    await send('lead', '/api/plans/cover/kpis/KPI%201/values', { period: '2024-02', value: 79 });
    const milestoneId = String((await send('board', '/api/plans/cover/actions/1.1/milestones', { title: 'Recruit two social workers', status: 'On track' })).milestoneId);
    const evidenceId = String((await send('lead', '/api/plans/cover/actions/1.1/evidence', { title: 'Staff list' })).evidenceId);
    // 1.2 completed, so there is something to reopen.
    const done = String((await send('lead', '/api/plans/cover/actions/1.2/evidence', { title: 'Audit report' })).evidenceId);
    await send('qa', `/api/plans/cover/actions/1.2/evidence/${done}/acceptance`, {});
    await send('qa', '/api/plans/cover/actions/1.2/sign-off', {});
    ids = { planId: 'cover', milestoneId, evidenceId };
  });
  afterAll(() => h.close());

  const signedIn = signedInBrowsers(() => h);
  const board = () => signedIn('board.user');

  /** A form's address for this suite's plan: the action is the one with a milestone and evidence, except to reopen or sign off. */
  const addressOf = (type: string) =>
    COMMAND_FORMS[type].path
      .replace(':planId', ids.planId)
      .replace(':reference', type === 'ReopenAction' ? '1.2' : '1.1')
      .replace(':milestoneId', ids.milestoneId)
      .replace(':evidenceId', ids.evidenceId);

  const appendedSince = async (position: number) => h.store.readAll({ after: position });

  it('lists every command of the command table with a form, offered to a role allowed to issue it, or says why it has none', async () => {
    const types = COMMAND_TABLE.map((route) => typeOf(route.command));
    const neither = types.filter((t) => !Object.hasOwn(COMMAND_FORMS, t) && !Object.hasOwn(NO_FORM, t));
    expect(neither).toEqual([]);
    const both = types.filter((t) => Object.hasOwn(COMMAND_FORMS, t) && Object.hasOwn(NO_FORM, t));
    expect(both).toEqual([]);
    // Nothing listed that the table does not have (a command renamed or removed).
    expect([...Object.keys(COMMAND_FORMS), ...Object.keys(NO_FORM)].filter((t) => !types.includes(t))).toEqual([]);

    const unreachable: string[] = [];
    for (const type of types.filter((t) => Object.hasOwn(COMMAND_FORMS, t))) {
      const { role } = COMMAND_FORMS[type];
      expect([type, allowed(type).includes(role)]).toEqual([type, true]);
      const page = await (await signedIn(`${role}.user`)).get(addressOf(type));
      // A form to fill in: a page with a form that posts back, carrying the CSRF token.
      if (page.status !== 200 || !/<form[^>]+method="post"/i.test(page.text) || !page.text.includes('name="csrfToken"')) unreachable.push(`${type} ${addressOf(type)} as ${role}: ${page.status}`);
    }
    expect(unreachable).toEqual([]);

    // An inspector reads only: every one of those forms refuses them up front.
    const inspector = await signedIn('inspector.user');
    const offered: string[] = [];
    for (const type of types.filter((t) => Object.hasOwn(COMMAND_FORMS, t))) {
      expect(allowed(type)).not.toContain('inspector');
      const page = await inspector.get(addressOf(type));
      if (page.status !== 403) offered.push(`${type} ${addressOf(type)}: ${page.status}`);
    }
    expect(offered).toEqual([]);
  });

  /** Post a form as the board and expect it back with errors by the field, what was typed kept, and nothing appended. */
  async function refused(path: string, fields: Record<string, string>, field: string, message: string, kept = Object.values(fields).filter((v) => !/^\d+$/.test(v))) {
    const agent = await board();
    const form = await agent.get(path);
    expect(form.status).toBe(200);
    const before = await h.eventCount();
    const response = await agent.post(path).type('form').send({ csrfToken: csrfOf(form.text), ...fields });
    expect(response.status).toBe(400);
    expect(response.text).toContain(`href="#${field}"`);
    expect(response.text).toContain(message);
    for (const value of kept) expect(response.text).toContain(`value="${value}"`);
    expect(await h.eventCount()).toBe(before);
  }

  /** Fill in, check the answers (nothing recorded), confirm: exactly one event, of the type, by the board user signed in. */
  async function recorded(path: string, fields: Record<string, string>, type: string) {
    const agent = await board();
    const form = await agent.get(path);
    expect(form.status).toBe(200);
    const before = await h.eventCount();
    const check = await agent.post(path).type('form').send({ csrfToken: csrfOf(form.text), ...fields });
    expect(check.status).toBe(200);
    expect(check.text).toContain('Check your answers');
    expect(await h.eventCount()).toBe(before);
    const done = await agent.post(path).type('form').send({ csrfToken: csrfOf(check.text), ...fields, confirmed: 'yes' });
    expect(done.status).toBe(303);
    expect((await agent.get(done.headers.location)).text).toContain('govuk-panel--confirmation');
    const events = await appendedSince(before);
    expect(events.map((e) => [e.type, e.metadata.actor.id, e.metadata.actor.role])).toEqual([[type, 'board.user', 'board']]);
    return events[0];
  }

  it('changes the plan’s RAG scale: relabels its codes, and offers no preset that drops one', async () => {
    const form = (await (await board()).get(`${SETUP}/rag-scale`)).text;
    // The form opens on the names as they stand.
    expect(form).toContain('value="Green"');
    // Neither preset keeps every code of Red, Amber, Green, Completed: plain RAG drops Completed, Sunderland's Green.
    expect(form).not.toContain('value="rag"');
    expect(form).not.toContain('value="sunderland-5"');
    await refused(`${SETUP}/rag-scale`, { 'label-G': 'On track' }, 'scale', 'Select how the scale should change');
    await refused(`${SETUP}/rag-scale`, { scale: 'relabel', 'label-TBC': 'To be confirmed', 'label-R': 'Red', 'label-A': 'Amber', 'label-G': 'Green', 'label-C': 'Completed' }, 'label-TBC', 'nothing would change', ['Green']);
    const event = await recorded(`${SETUP}/rag-scale`, { scale: 'relabel', 'label-TBC': 'To be confirmed', 'label-R': 'Red', 'label-A': 'Amber', 'label-G': 'On track', 'label-C': 'Completed' }, 'RagScaleDefined');
    const scale = (event.data as { scale: { codes: { code: string; label: string }[] } }).scale;
    expect(scale.codes.map((c) => `${c.code}=${c.label}`)).toEqual(['TBC=To be confirmed', 'R=Red', 'A=Amber', 'G=On track', 'C=Completed']);
    expect((await (await board()).get(`${PLAN}/actions/1.1`)).status).toBe(200);
  });

  it('amends a group’s title, refusing a change that changes nothing', async () => {
    await refused(`${SETUP}/amend-group`, { number: '1', title: 'Workforce' }, 'title', 'Enter a new title or outcome; nothing would change');
    await refused(`${SETUP}/amend-group`, { title: 'Our workforce' }, 'number', 'Select the');
    const event = await recorded(`${SETUP}/amend-group`, { number: '1', title: 'A stable workforce' }, 'PriorityAmended');
    expect(event.data).toMatchObject({ number: 1, title: 'A stable workforce' });
    expect(event.data).not.toHaveProperty('outcome');
  });

  it('unlinks a recommendation from a group and from an item, choosing from the links the plan has', async () => {
    await refused(`${SETUP}/unlink-recommendation`, {}, 'link', 'Select the link to remove', []);
    await refused(`${SETUP}/unlink-recommendation`, { link: '2|3' }, 'link', 'Select a link from the list', []);
    expect(await recorded(`${SETUP}/unlink-recommendation`, { link: '1|3' }, 'RecommendationUnlinked')).toMatchObject({ data: { priorityNumber: 1, recommendation: '3' } });
    await refused(`${SETUP}/unlink-item-recommendation`, { link: '1.2|3' }, 'link', 'Select a link from the list', []);
    expect(await recorded(`${SETUP}/unlink-item-recommendation`, { link: '1.1|3' }, 'ActionRecommendationUnlinked')).toMatchObject({ data: { reference: '1.1', recommendation: '3' } });
    // Nothing left to unlink: the forms offer no choices, and the task list no longer links to them.
    expect((await (await board()).get(`${SETUP}/unlink-recommendation`)).text).not.toContain('value="1|3"');
    const tasks = (await (await board()).get(SETUP)).text;
    expect(tasks).not.toContain(`href="${SETUP}/unlink-recommendation"`);
    expect(tasks).not.toContain(`href="${SETUP}/unlink-item-recommendation"`);
    expect(tasks).toContain(`href="${SETUP}/amend-group"`);
  });

  it('changes a KPI’s target, naming a figure that is not a number and a change that changes nothing', async () => {
    await refused(`${PLAN}/kpis/change`, { kpiId: 'KPI 1', target: 'ninety' }, 'target', 'The target must be a number, for example 85 or 12.5');
    await refused(`${PLAN}/kpis/change`, { kpiId: 'KPI 1', target: '85' }, 'name', 'nothing typed differs from it now');
    const event = await recorded(`${PLAN}/kpis/change`, { kpiId: 'KPI 1', target: '90', reason: '' }, 'KpiChanged');
    expect(event.data).toMatchObject({ kpiId: 'KPI 1', changes: { target: 90 } });
    expect((await (await board()).get(`${PLAN}/kpis`)).text).toContain(`href="${PLAN}/kpis/change"`);
  });

  it('refuses a lead each new form (403, nothing appended) and shows a lead no link to them', async () => {
    const lead = await signedIn('lead.user');
    const token = csrfOf((await lead.get('/plans')).text);
    const before = await h.eventCount();
    for (const [path, fields] of [
      [`${SETUP}/rag-scale`, { scale: 'relabel', 'label-G': 'Fine' }],
      [`${SETUP}/amend-group`, { number: '2', title: 'Leads’ practice' }],
      [`${SETUP}/unlink-recommendation`, { link: '1|3' }],
      [`${SETUP}/unlink-item-recommendation`, { link: '1.1|3' }],
      [`${PLAN}/kpis/change`, { kpiId: 'KPI 1', target: '50' }],
    ] as const) {
      expect([path, (await lead.get(path)).status]).toEqual([path, 403]);
      expect([path, (await lead.post(path).type('form').send({ csrfToken: token, ...fields, confirmed: 'yes' })).status]).toEqual([path, 403]);
    }
    expect(await h.eventCount()).toBe(before);
    expect((await lead.get(SETUP)).text).not.toContain(`href="${SETUP}/rag-scale"`);
    expect((await lead.get(`${PLAN}/kpis`)).text).not.toContain(`href="${PLAN}/kpis/change"`);
    expect((await (await board()).get(SETUP)).text).toContain(`href="${SETUP}/rag-scale"`);
  });
});
