import { settableClock } from '../support/clock';
import { httpHarness, HttpHarness } from '../support/http-harness';

/**
 * Milestones that count, over HTTP: due dates as plans write them ("March 2020", "TBC", "Feb, Apr
 * 20") accepted and shown as written; the three milestone reports in JSON and as tables; and the
 * overdue report that follows milestones — an action whose milestones are all done is not overdue
 * for its own date, and a project with no date of its own is overdue for its milestones.
 */
describe('milestone reports over HTTP', () => {
  let h: HttpHarness;
  const P = '/api/plans/m-plan';
  const clock = settableClock('2024-05-01T09:00:00.000Z');
  let beforeStatusChange: string;
  const setUp = { reason: 'set up' };

  const milestone = (ref: string, body: Record<string, unknown>) => h.http().post(`${P}/actions/${ref}/milestones`).set(h.as('board')).send({ effectiveAt: '2020-01-10', ...setUp, ...body });
  const report = async (name: string, query: string) => (await h.http().get(`${P}/reports/${name}?${query}`).set(h.as('inspector')).expect(200)).body;
  const keys = (lines: { reference: string; milestone: string }[]) => lines.map((l) => `${l.reference} ${l.milestone}`);

  beforeAll(async () => {
    h = await httpHarness('milestone-reports');
    const board = h.as('board');
    await h.http().post('/api/plans').set(board).send({ planId: 'm-plan', title: 'Plan', council: 'Council', scale: 'rag-completed', effectiveAt: '2020-01-01', ...setUp }).expect(201);
    await h.http().post(`${P}/priorities`).set(board).send({ number: 1, title: 'Workforce', effectiveAt: '2020-01-01', ...setUp }).expect(201);
    const action = (reference: string, dueDate?: string) =>
      h.http().post(`${P}/actions`).set(board).send({ reference, priorityNumber: 1, title: `Action ${reference}`, ...(dueDate ? { dueDate } : {}), effectiveAt: '2020-01-01', ...setUp }).expect(201);
    await action('1.1', '2020-02-29'); // past its date, every milestone done
    await action('1.2', '2020-02-29'); // past its date, no milestones
    await action('1.3'); // a project with no date of its own, dated by its milestones
    await action('1.4', '2020-02-29'); // past its date, one milestone done and one to come
    await milestone('1.1', { milestoneId: 'a', title: 'Audit done', dueDate: 'Jan 20', lead: 'AM', status: 'Completed' }).expect(201);
    await milestone('1.1', { milestoneId: 'b', title: 'Report to SMT', dueDate: 'Feb, Apr 20', lead: 'JM', status: 'Achieved' }).expect(201);
    await milestone('1.3', { milestoneId: 'a', title: 'Scope agreed', dueDate: 'March 2020', lead: 'RG' }).expect(201);
    await milestone('1.3', { milestoneId: 'b', title: 'Go live', dueDate: 'TBC', lead: 'RG' }).expect(201);
    await milestone('1.3', { milestoneId: 'c', title: 'Board review', dueDate: '2020-03-15', lead: 'ML', status: 'On Track' }).expect(201);
    await milestone('1.4', { milestoneId: 'a', title: 'Draft', dueDate: 'Jan 20', status: 'Done' }).expect(201);
    await milestone('1.4', { milestoneId: 'b', title: 'Final', dueDate: 'June 20' }).expect(201);
    beforeStatusChange = new Date().toISOString();
    clock.set('2024-05-01T09:05:00.000Z');
    await h.http().post(`${P}/actions/1.3/milestones/c/status`).set(h.as('lead')).send({ status: 'Completed', effectiveAt: '2020-03-20', reason: 'reported late' }).expect(201);
  });
  afterAll(async () => {
    await h.close();
    clock.restore();
  });

  it('keeps each due date as written beside the date it counts as due', async () => {
    const plan = await report('plan-state', 'format=json');
    expect(plan.actions.find((a: { reference: string }) => a.reference === '1.3').milestones).toEqual([
      { milestoneId: 'a', title: 'Scope agreed', dueDate: '2020-03-31', dueAsWritten: 'March 2020', lead: 'RG', status: 'Not started' },
      { milestoneId: 'b', title: 'Go live', dueAsWritten: 'TBC', lead: 'RG', status: 'Not started' },
      { milestoneId: 'c', title: 'Board review', dueDate: '2020-03-15', lead: 'ML', status: 'Completed' },
    ]);
  });

  it.each([
    ['March', /without its year/],
    ['31/02/20', /February 2020 has 29 days/],
    ['soon', /"soon" is not a month/],
    ['30 Feb 2020', /not a real calendar date/],
  ])('refuses the due date "%s" with a 400 naming dueDate, appending nothing', async (dueDate, message) => {
    const before = await h.eventCount();
    const { body } = await milestone('1.2', { milestoneId: 'x', title: 'Bad', dueDate }).expect(400);
    expect(body.fields).toEqual([{ field: 'dueDate', message: expect.stringMatching(message) }]);
    expect(body.detail).toContain('dueDate');
    expect(await h.eventCount()).toBe(before);
  });

  it('lists milestones due in a window, a month counting at its end, TBC in none', async () => {
    const march = await report('milestones-due', 'from=2020-03-01&to=2020-03-31&asOf=2020-03-16');
    expect(march.due.map((l: { reference: string; milestone: string; due: string; lead?: string; status: string }) => [l.reference, l.milestone, l.due, l.lead, l.status])).toEqual([
      ['1.3', 'Board review', '2020-03-15', 'ML', 'On Track'],
      ['1.3', 'Scope agreed', 'March 2020', 'RG', 'Not started'],
    ]);
    // "Feb, Apr 20" counts from its earliest month.
    expect(keys((await report('milestones-due', 'from=2020-02-01&to=2020-02-29')).due)).toEqual(['1.1 Report to SMT']);
    expect(keys((await report('milestones-due', 'from=2020-03-01&to=2020-03-30')).due)).toEqual(['1.3 Board review']);
  });

  it('lists overdue milestones as at a date, and as known before a status was changed', async () => {
    expect(keys((await report('milestones-overdue', 'asOf=2020-03-19')).overdue)).toEqual(['1.3 Board review']);
    expect(keys((await report('milestones-overdue', 'asOf=2020-03-31')).overdue)).toEqual([]);
    expect(keys((await report('milestones-overdue', 'asOf=2020-04-01')).overdue)).toEqual(['1.3 Scope agreed']);
    expect(keys((await report('milestones-overdue', `asOf=2020-04-01&knownAt=${encodeURIComponent(beforeStatusChange)}`)).overdue)).toEqual(['1.3 Board review', '1.3 Scope agreed']);
  });

  it('lists milestones completed in a period', async () => {
    expect(keys((await report('milestones-completed', 'from=2020-03-01&to=2020-03-31')).completed)).toEqual(['1.3 Board review']);
    expect(keys((await report('milestones-completed', 'from=2020-01-01&to=2020-02-01')).completed)).toEqual(['1.1 Audit done', '1.4 Draft', '1.1 Report to SMT']);
    expect((await report('milestones-completed', `from=2020-03-01&to=2020-03-31&knownAt=${encodeURIComponent(beforeStatusChange)}`)).completed).toEqual([]);
  });

  it('overdue actions follow their milestones: all done is not overdue; a project with no date is, with its milestones', async () => {
    const { overdue } = await report('overdue', 'asOf=2020-04-01');
    expect(overdue.map((a: { reference: string; overdueMilestones?: { milestone: string }[] }) => [a.reference, (a.overdueMilestones ?? []).map((m) => m.milestone)])).toEqual([
      ['1.2', []],
      ['1.3', ['Scope agreed']],
      ['1.4', []],
    ]);
  });

  it('the reports come as tables in every format, the dates as written', async () => {
    for (const format of ['md', 'csv', 'html']) {
      const { text } = await h.http().get(`${P}/reports/milestones-due?from=2020-03-01&to=2020-03-31&format=${format}`).set(h.as('inspector')).expect(200);
      expect(text).toContain('March 2020');
      expect(text).toContain('Scope agreed');
    }
    const state = await h.http().get(`${P}/reports/plan-state?format=md`).set(h.as('inspector')).expect(200);
    expect(state.text).toContain('| 1.3 | Go live | TBC | RG | Not started |');
    expect(state.text).toContain('| 1.1 | Report to SMT | Feb, Apr 20 | JM | Achieved |');
    const overdue = await h.http().get(`${P}/reports/overdue?asOf=2020-04-01&format=md`).set(h.as('inspector')).expect(200);
    expect(overdue.text).toContain('Scope agreed (due March 2020; RG): Not started');
  });

  it("an action's history shows each milestone added with its date as written and its lead", async () => {
    const { body } = await h.http().get(`${P}/actions/1.3/history`).set(h.as('inspector')).expect(200);
    expect(body.entries.map((e: { summary: string }) => e.summary).filter((s: string) => s.startsWith('Milestone added'))).toEqual([
      'Milestone added: Scope agreed (due March 2020; lead RG)',
      'Milestone added: Go live (due TBC; lead RG)',
      'Milestone added: Board review (due 2020-03-15; lead ML)',
    ]);
  });

  it('asks for the window when it is missing or back to front, naming the field', async () => {
    const missing = await h.http().get(`${P}/reports/milestones-due?from=2020-03-01`).set(h.as('inspector')).expect(400);
    expect(missing.body.fields).toEqual([{ field: 'to', message: expect.stringMatching(/is required/) }]);
    const backwards = await h.http().get(`${P}/reports/milestones-due?from=2020-03-31&to=2020-03-01`).set(h.as('inspector')).expect(400);
    expect(backwards.body.fields).toEqual([{ field: 'to', message: expect.stringMatching(/before from/) }]);
  });
});
