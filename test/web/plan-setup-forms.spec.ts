import { randomUUID } from 'node:crypto';
import { Projector } from '../../src/projections/projector/projector.service';
import { httpHarness, HttpHarness } from '../support/http-harness';
import { csrfOf, signedInBrowsers } from '../support/web-sign-in';

const PLAN = '/plans/setup-test';
const SETUP = `${PLAN}/setup`;

/**
 * The board sets up a plan from the pages alone, over HTTP without a browser: the task list, each
 * form's check-your-answers and confirmation, the KPI page; then what the read models and the API
 * say, who is recorded as having done it, what is refused, and the home page a visitor sees.
 */
describe('setting up a plan from the pages', () => {
  let h: HttpHarness;

  beforeAll(async () => {
    h = await httpHarness('plan-setup-forms');
  });
  afterAll(() => h.close());

  const signedIn = signedInBrowsers(() => h);
  const board = () => signedIn('board.user');

  /** Fill in a form, check the answers page (nothing recorded yet), confirm, and land on the confirmation. */
  async function complete(path: string, fields: Record<string, string>, who = board) {
    const agent = await who();
    const form = await agent.get(path);
    expect(form.status).toBe(200);
    const before = await h.eventCount();
    const check = await agent.post(path).type('form').send({ csrfToken: csrfOf(form.text), ...fields });
    expect(check.status).toBe(200);
    expect(check.text).toContain('Check your answers');
    expect(await h.eventCount()).toBe(before);
    const recorded = await agent.post(path).type('form').send({ csrfToken: csrfOf(check.text), ...fields, confirmed: 'yes' });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.location).toMatch(/\/recorded$/);
    // One command, whose events (creating a plan records its scale and settings too) are appended together.
    expect(await h.eventCount()).toBeGreaterThan(before);
    const confirmation = await agent.get(recorded.headers.location);
    expect(confirmation.text).toContain('govuk-panel--confirmation');
    return { check: check.text, confirmation: confirmation.text };
  }

  /** Post a form and expect it back with errors, the typed values kept, and nothing appended. */
  async function refusedForm(path: string, fields: Record<string, string>, status = 400, confirmed = false) {
    const agent = await board();
    const form = await agent.get(path);
    const before = await h.eventCount();
    const response = await agent.post(path).type('form').send({ csrfToken: csrfOf(form.text), ...fields, ...(confirmed ? { confirmed: 'yes' } : {}) });
    expect(response.status).toBe(status);
    expect(response.text).toContain('govuk-error-summary');
    expect(await h.eventCount()).toBe(before);
    return response.text;
  }

  const api = (path: string) => h.http().get(`/api/plans/setup-test${path}`).set(h.as('board'));

  it('sets up a plan from the task list: created, with groups, a board date, level names, a section, a recommendation and a KPI with a figure', async () => {
    const plans = await (await board()).get('/plans');
    expect(plans.text).toContain('href="/new-plan"');

    const created = await complete('/new-plan', {
      planId: 'setup-test',
      title: 'Children’s Services Improvement Plan',
      council: 'Anytown Council',
      scale: 'rag-completed',
      signOffRole: 'qa',
      separationOfDuties: 'yes',
      'effectiveAt-day': '1',
      'effectiveAt-month': '1',
      'effectiveAt-year': '2024',
      reason: 'Agreed at the Improvement Board on 1 January 2024',
    });
    expect(created.check).toContain('1 January 2024');
    expect(created.confirmation).toContain('Plan created');
    expect(created.confirmation).toContain(`href="${SETUP}"`);

    const tasks = await (await board()).get(SETUP);
    expect(tasks.status).toBe(200);
    expect(tasks.text).toContain('govuk-task-list');
    for (const step of ['group', 'board-date', 'levels', 'section', 'recommendation']) expect(tasks.text).toContain(`href="${SETUP}/${step}"`);

    await complete(`${SETUP}/levels`, { preset: 'workstream/project', 'effectiveAt-day': '1', 'effectiveAt-month': '1', 'effectiveAt-year': '2024', reason: 'As the plan is written' });
    // From here the forms say what the plan says.
    expect((await (await board()).get(`${SETUP}/group`)).text).toContain('Add a workstream');
    await complete(`${SETUP}/group`, { number: '1', title: 'Workforce', outcome: 'Stable, skilled social workers', 'effectiveAt-day': '1', 'effectiveAt-month': '1', 'effectiveAt-year': '2024', reason: 'In the plan from the start' });
    await complete(`${SETUP}/group`, { number: '2', title: 'Practice', 'effectiveAt-day': '1', 'effectiveAt-month': '1', 'effectiveAt-year': '2024', reason: 'In the plan from the start' });
    // A UK date as people type it: a month by name, a two-digit year.
    const boardDate = await complete(`${SETUP}/board-date`, { label: 'Jan 24', 'date-day': '31', 'date-month': 'Jan', 'date-year': '24' });
    expect(boardDate.check).toContain('31 January 2024');
    await complete(`${SETUP}/section`, { number: '1', title: 'Help and protection' });
    await complete(`${SETUP}/place-in-section`, { priorityNumber: '1', section: '1' });
    await complete(`${SETUP}/recommendation`, { number: '3', text: 'Improve the timeliness of assessments' });
    await complete(`${SETUP}/link-recommendation`, { priorityNumber: '1', recommendation: '3' });
    // Adding the plan's first project is a task too (the form is the action side's): linked for the board, and it works.
    const withGroups = await (await board()).get(SETUP);
    expect(withGroups.text).toContain(`href="${PLAN}/add-action"`);
    expect(withGroups.text).toContain('Add projects');
    expect((await (await board()).get(`${PLAN}/add-action`)).status).toBe(200);

    await complete(`${PLAN}/kpis/define`, {
      kpiId: 'KPI 1',
      priorityNumber: '1',
      name: 'Assessments completed within 45 working days',
      unit: '%',
      target: '85',
      betterWhen: 'higher',
      amberWithin: '5',
      period: 'monthly',
      'effectiveAt-day': '1',
      'effectiveAt-month': '1',
      'effectiveAt-year': '2024',
      reason: 'Agreed with the plan',
    });
    await complete(`${PLAN}/kpis/figure`, { kpiId: 'KPI 1', period: 'Feb 2024', value: '79', commentary: 'Two vacancies' });
    const kpis = await (await board()).get(`${PLAN}/kpis`);
    expect(kpis.text).toContain('79% (February 2024)');
    expect(kpis.text).toMatch(/govuk-tag--red">Red</);

    // The read models, through the API, as the board's token reads them.
    const { body: plan } = await api('').expect(200);
    expect(plan).toMatchObject({ title: 'Children’s Services Improvement Plan', council: 'Anytown Council', signOffRole: 'qa', separationOfDuties: true });
    expect(plan.priorities).toEqual([
      { number: 1, title: 'Workforce', outcome: 'Stable, skilled social workers', section: 1, recommendations: ['3'] },
      { number: 2, title: 'Practice' },
    ]);
    expect(plan.reportingPoints).toEqual([{ label: 'Jan 24', date: '2024-01-31' }]);
    expect(plan.words).toMatchObject({ group: { singular: 'workstream' }, item: { singular: 'project' } });
    expect(plan.sections).toEqual([{ number: 1, title: 'Help and protection' }]);
    expect(plan.recommendations).toEqual([{ number: '3', text: 'Improve the timeliness of assessments' }]);
    const { body: table } = await api('/reports/kpis').expect(200);
    expect(table.kpis).toMatchObject([{ kpiId: 'KPI 1', priorityNumber: 1, target: 85, amberWithin: 5, current: { period: '2024-02', value: 79 }, rag: 'Red' }]);

    // Every event the forms appended names the board user, signed in, as its actor.
    const { body: log } = await h.http().get('/api/events?limit=1000').set(h.as('auditor')).expect(200);
    const written = log.events.filter((e: { data: { planId?: string } }) => e.data.planId === 'setup-test');
    expect(written.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['PlanCreated', 'PlanLevelsNamed', 'PriorityAdded', 'ReportingPointRecorded', 'SectionAdded', 'GroupPlacedInSection', 'RecommendationRecorded', 'RecommendationLinked', 'KpiDefined', 'KpiValueRecorded']));
    expect(new Set(written.map((e: { metadata: { actor: { id: string; role: string } } }) => `${e.metadata.actor.id}/${e.metadata.actor.role}`))).toEqual(new Set(['board.user/board']));
  });

  it('corrects a KPI figure with a reason; the table shows the correction and the original stays in the history', async () => {
    const form = await (await board()).get(`${PLAN}/kpis/correct`);
    const eventId = /<option value="([^"]+)">KPI 1, February 2024: 79%<\/option>/.exec(form.text)![1];
    await refusedForm(`${PLAN}/kpis/correct`, { correctsEventId: eventId, value: '88' });
    await complete(`${PLAN}/kpis/correct`, { correctsEventId: eventId, value: '88', reason: 'Two assessments were counted twice' });
    const kpis = await (await board()).get(`${PLAN}/kpis`);
    expect(kpis.text).toContain('88% (February 2024)');
    expect(kpis.text).toContain('corrected: Two assessments were counted twice');
    expect(kpis.text).toMatch(/govuk-tag--green">Green</);
    const { body: log } = await h.http().get('/api/events?limit=1000').set(h.as('auditor')).expect(200);
    const figures = log.events.filter((e: { type: string }) => e.type.startsWith('KpiValue'));
    expect(figures.map((e: { type: string; data: { value: number } }) => [e.type, e.data.value])).toEqual([
      ['KpiValueRecorded', 79],
      ['KpiValueCorrected', 88],
    ]);
    expect(figures[1]).toMatchObject({ data: { correctsEventId: eventId }, metadata: { actor: { id: 'board.user', role: 'board' }, reason: 'Two assessments were counted twice' } });
  });

  it('refuses what is not right, naming the field, keeping what was typed, and recording nothing', async () => {
    const empty = await refusedForm('/new-plan', {});
    expect(empty).toContain('href="#planId"');
    expect(empty).toContain('Enter a short name for the plan');
    expect(empty).toContain('Enter the title');
    expect(empty).toContain('Select the RAG scale');
    expect(empty).toContain('Select who signs actions off');
    // Each message is by its field as well as in the summary.
    expect(empty.match(/govuk-error-message/g)?.length).toBe(6);

    const notANumber = await refusedForm(`${SETUP}/group`, { number: 'three', title: 'Early help' });
    expect(notANumber).toContain('Workstream number must be a whole number, for example 3');
    expect(notANumber).toContain('href="#number"');
    expect(notANumber).toContain('value="three"');
    expect(notANumber).toContain('value="Early help"');

    const notADay = await refusedForm(`${SETUP}/board-date`, { label: 'Feb 24', 'date-day': '30', 'date-month': '2', 'date-year': '2024' });
    expect(notADay).toContain('href="#date-day"');
    expect(notADay).toContain('February 2024 has 29 days');
    expect(notADay).toContain('value="30"');

    // "Change" on the check page goes back to the form with the answers as they were given.
    const agent = await board();
    const check = await agent.post(`${SETUP}/group`).type('form').send({ csrfToken: csrfOf((await agent.get(`${SETUP}/group`)).text), number: '3', title: 'Early help & edge of care' });
    const change = /href="([^"]+)#title"/.exec(check.text)![1].replace(/&amp;/g, '&');
    const again = await agent.get(change);
    expect(again.text).toContain('value="3"');
    expect(again.text).toContain('value="Early help &amp; edge of care"');

    const tooBig = await refusedForm(`${SETUP}/group`, { number: '100', title: 'Too many' });
    expect(tooBig).toMatch(/Workstream number must not be greater than 99/);

    // A number already in use is named before the answers are checked...
    const twice = await refusedForm(`${SETUP}/group`, { number: '1', title: 'Workforce again' });
    expect(twice).toContain('Workstream 1 is already in the plan (“Workforce”)');
    expect(twice).toContain('href="#number"');
    expect(twice).toContain('value="Workforce again"');
    const planId = await refusedForm('/new-plan', { planId: 'our plan!', title: 'T', council: 'C', scale: 'rag', signOffRole: 'qa', separationOfDuties: 'yes' });
    expect(planId).toContain('href="#planId"');
    expect(planId).toContain('value="our plan!"');
    // ...and what only the rules can tell is refused when confirmed: shown on the form again, by the field, with what was typed.
    const beforePlan = await refusedForm(`${SETUP}/board-date`, { label: 'Nov 23', 'date-day': '30', 'date-month': '11', 'date-year': '2023' }, 400, true);
    expect(beforePlan).toContain('href="#date-day"');
    expect(beforePlan).toContain('before plan setup-test took effect');

    const target = await refusedForm(`${PLAN}/kpis/define`, { kpiId: 'KPI 2', priorityNumber: '2', name: 'Caseloads', unit: 'children', target: 'about twenty', betterWhen: 'lower', period: 'monthly' });
    expect(target).toContain('The target must be a number, for example 85 or 12.5');
    expect(target).toContain('value="about twenty"');
  });

  it('refuses a lead the setup forms (403, nothing recorded) and shows a lead no links to them; a lead may give a KPI figure', async () => {
    const lead = await signedIn('lead.user');
    const tasks = await lead.get(SETUP);
    expect(tasks.status).toBe(200);
    expect(tasks.text).not.toContain(`href="${SETUP}/group"`);
    expect(tasks.text).not.toContain(`href="${PLAN}/add-action"`);
    expect((await lead.get('/plans')).text).not.toContain('href="/new-plan"');
    expect((await lead.get(`${SETUP}/group`)).status).toBe(403);
    const before = await h.eventCount();
    const token = csrfOf((await lead.get('/plans')).text);
    const refused = await lead.post(`${SETUP}/group`).type('form').send({ csrfToken: token, number: '3', title: 'Early help', confirmed: 'yes' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('lead.user (action lead) may not add a workstream; only the administrator or the Improvement Board may');
    expect((await lead.post('/new-plan').type('form').send({ csrfToken: token, planId: 'leads-plan', title: 'T', council: 'C', scale: 'rag', signOffRole: 'qa', separationOfDuties: 'yes', confirmed: 'yes' })).status).toBe(403);
    expect(await h.eventCount()).toBe(before);

    const kpis = await lead.get(`${PLAN}/kpis`);
    expect(kpis.text).not.toContain(`href="${PLAN}/kpis/define"`);
    expect(kpis.text).toContain(`href="${PLAN}/kpis/figure"`);
    await complete(`${PLAN}/kpis/figure`, { kpiId: 'KPI 1', period: 'Mar 2024', value: '90' }, () => signedIn('lead.user'));
    const { body: log } = await h.http().get('/api/events?limit=1000').set(h.as('auditor')).expect(200);
    expect(log.events.at(-1)).toMatchObject({ type: 'KpiValueRecorded', data: { period: '2024-03', value: 90 }, metadata: { actor: { id: 'lead.user', role: 'lead' } } });
  });

  it('changes who signs off with a reason, and names a senior responsible owner of a project', async () => {
    // The form opens on the settings as they stand.
    const form = (await (await board()).get(`${SETUP}/settings`)).text;
    expect(form).toMatch(/value="qa" checked/);
    expect(form).toMatch(/<option value="none" selected>No minimum hold<\/option>/);
    const noReason = await refusedForm(`${SETUP}/settings`, { signOffRole: 'board', separationOfDuties: 'yes', holdCode: 'G' });
    expect(noReason).toContain('Enter why this is being changed');
    expect(noReason).toContain('Enter for how many months the rating must be held');
    await complete(`${SETUP}/settings`, { signOffRole: 'board', separationOfDuties: 'yes', holdCode: 'G', holdMonths: '3', reason: 'The board signs off from now on, after three months at Green' });
    await h.http().post('/api/plans/setup-test/actions').set(h.as('board')).send({ reference: '1.1', priorityNumber: 1, title: 'Recruit permanent social workers' }).expect(201);
    await complete(`${SETUP}/senior-owner`, { reference: '1.1', seniorOwner: 'Director of Children’s Services' });
    await complete(`${SETUP}/link-item-recommendation`, { reference: '1.1', recommendation: '3' });
    const { body: plan } = await api('').expect(200);
    expect(plan).toMatchObject({ signOffRole: 'board', separationOfDuties: true, minimumHold: { code: 'G', months: 3 } });
    expect(plan.actions.find((a: { reference: string }) => a.reference === '1.1')).toMatchObject({ seniorOwner: 'Director of Children’s Services', recommendations: ['3'] });
  });

  it('lists no board date from before the plan began in any page’s date choices, though an older log holds one', async () => {
    // As a log written before the command refused them holds it: appended straight to the plan's stream.
    const stream = await h.store.readStream('plan-setup-test');
    await h.store.append('plan-setup-test', stream.at(-1)!.streamVersion, [
      {
        type: 'ReportingPointRecorded',
        schemaVersion: 1,
        data: { planId: 'setup-test', label: 'Oct 23', date: '2023-10-31' },
        metadata: { actor: { id: 'board.user', role: 'board' }, effectiveAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), source: 'api' },
      },
    ]);
    await h.app.get(Projector).caughtUp();
    const { body: plan } = await api('').expect(200);
    // The API still answers with what the log holds; only the pages' choices leave it out.
    expect(plan.reportingPoints.map((p: { label: string }) => p.label).sort()).toEqual(['Jan 24', 'Oct 23']);
    const inspector = await signedIn('inspector.user');
    for (const page of [PLAN, `${PLAN}/actions/1.1`, `${PLAN}/summary`, `${PLAN}/due`, SETUP]) {
      const html = (await inspector.get(page)).text;
      expect(html).not.toContain('Oct 23');
      // The pages whose date boxes offer board dates offer the one from after the plan began.
      if (page !== SETUP && page !== `${PLAN}/due`) expect(html).toContain('Jan 24');
    }
  });

  it('shows a visitor who is not signed in a styled home page with nothing about any plan, and an accessibility statement', async () => {
    const home = await h.http().get('/').expect(200);
    expect(home.text).toContain('/assets/govuk-frontend.min.css');
    expect(home.text).toContain('href="/sign-in"');
    for (const secret of ['setup-test', 'Children’s Services Improvement Plan', 'Anytown', 'event log', 'events']) expect(home.text).not.toContain(secret);
    expect(home.text).toContain('href="/accessibility"');
    const statement = await h.http().get('/accessibility').expect(200);
    expect(statement.text).toContain('Accessibility statement for the improvement plan audit trail');
    // Signed in, the home page leads to the plans.
    expect((await (await board()).get('/')).text).toContain('href="/plans"');
  });

  it('says a refusal in the same role names as the rest of the page', async () => {
    const auditor = await signedIn('auditor.user');
    const page = await auditor.get(`${PLAN}/actions/1.1/rating`);
    expect(page.status).toBe(403);
    expect(page.text).toContain('You are signed in as auditor.user (auditor)');
    const lead = await signedIn('lead.user');
    const audit = await lead.get('/audit');
    expect(audit.status).toBe(403);
    expect(audit.text).toContain('lead.user (action lead) may not');
    expect(audit.text).toContain('this needs the role of administrator or auditor');
    expect(audit.text).not.toMatch(/\((lead|board|qa|admin)\)/);
  });
});
